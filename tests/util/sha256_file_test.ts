import { equal } from "node:assert/strict";
import { sha256File } from "@crm/util/mod.ts";

/** The digest of bytes held whole, by the Web Crypto API (an independent implementation). */
async function webDigest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("sha256File(): the digest of the whole file at chunk edges (empty, 8 MiB - 1, 8 MiB, 16 MiB + 3 bytes)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const MiB = 1024 * 1024;
    for (const size of [0, 8 * MiB - 1, 8 * MiB, 16 * MiB + 3]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24; // not periodic in 8 MiB
      const path = `${dir}/file_${size}.bin`;
      await Deno.writeFile(path, bytes);
      equal(await sha256File(path), await webDigest(bytes), `size ${size}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sha256File(): a file changed in place (new size and time) is read again", async () => {
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(path, "abc");
    equal(await sha256File(path), await webDigest(new TextEncoder().encode("abc")));
    await Deno.writeTextFile(path, "abcd");
    await Deno.utime(path, new Date(), new Date(Date.now() + 5000));
    equal(await sha256File(path), await webDigest(new TextEncoder().encode("abcd")));
  } finally {
    await Deno.remove(path);
  }
});
