/**
 * The worker of `verifyGzip`: decompresses the one gzip file it is sent and answers `{}`, or
 * `{ error }` with the decompression's message.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import { drainGzip } from "./_csv_scan.ts";

self.onmessage = async (e: MessageEvent<string>) => {
  try {
    await drainGzip(e.data);
    self.postMessage({});
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
