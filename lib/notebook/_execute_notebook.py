"""Executes one notebook with nbclient (Debian's python3-nbclient), tolerant of the Deno
kernel's output race: after a cell reports idle, keep reading IOPub for a short grace
period and keep late outputs of that cell (Deno 2.9.6 can publish them after idle).

usage: /usr/bin/python3 _execute_notebook.py IN.ipynb OUT.ipynb KERNEL_NAME TIMEOUT GRACE
Exit code 0 when the notebook was executed and written (cell errors are kept as outputs).
"""
import os
import sys
from queue import Empty
from time import monotonic

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async


class LateOutputClient(NotebookClient):
    grace = 0.5

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        deadline = monotonic() + self.grace
        while True:
            left = deadline - monotonic()
            if left <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            if msg["msg_type"] == "status":
                continue
            sys.stderr.write(f"late output kept: cell {cell_index + 1} ({msg['msg_type']})\n")
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass


def main(argv):
    src, dst, kernel, timeout, grace = argv[1], argv[2], argv[3], int(argv[4]), float(argv[5])
    nb = nbformat.read(src, as_version=4)
    client = LateOutputClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
    )
    client.grace = grace
    client.execute()
    nbformat.write(nb, dst)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
