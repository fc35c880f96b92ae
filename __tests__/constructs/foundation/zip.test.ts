/**
 * The in-process ZIP writer of the controller image's build context (replaces cdktf's
 * ARCHIVE asset, which spawned a second node process during synth).
 */
import { inflateRawSync } from "zlib";
import { crc32, zipBytes } from "../../../lib/constructs/foundation/zip";

/** Reads a ZIP through its central directory: name -> content. */
function unzip(buf: Buffer): Record<string, string> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: Record<string, string> = {};
  for (let i = 0; i < entries; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    out[name] = data.toString("utf8");
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

describe("zip", () => {
  const files = { Dockerfile: "FROM jenkins/jenkins:lts\n".repeat(20), "plugins.txt": "git:5.10.1\n", ".dockerignore": "*\n" };

  test("round-trips the files, deflated or stored", () => {
    expect(unzip(zipBytes(files))).toEqual(files);
  });

  test("reproducible: same content, same bytes, whatever the key order", () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(zipBytes(reversed).equals(zipBytes(files))).toBe(true);
    expect(zipBytes({ ...files, "plugins.txt": "git:5.10.2\n" }).equals(zipBytes(files))).toBe(false);
  });

  test("CRC-32 matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  test("refuses names that escape the archive", () => {
    expect(() => zipBytes({ "../x": "y" })).toThrow(/relative/);
    expect(() => zipBytes({ "/etc/x": "y" })).toThrow(/relative/);
  });
});
