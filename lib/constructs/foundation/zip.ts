/**
 * A tiny, synchronous, deterministic ZIP writer for small generated build contexts.
 *
 * Why not `TerraformAsset({ type: AssetType.ARCHIVE })`: cdktf zips archives by spawning a
 * second `node` process during synth (its archiver is asynchronous), which cost ~0.2-0.3 s of
 * every `cdktf synth` on a 2-core machine. Writing the zip in-process takes well under a
 * millisecond for a few kilobytes, and the result is reproducible: entries sorted, a fixed
 * timestamp (1980-01-01 00:00), fixed permissions, so its content hash (the asset hash and the
 * S3 object's `source_hash`) changes only when a file's content changes.
 */
import * as fs from "fs";
import * as path from "path";
import { deflateRawSync } from "zlib";

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as the ZIP format requires. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// MS-DOS date of 1980-01-01 (the earliest a ZIP can hold), time 00:00:00.
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
// "Made by" Unix (3), spec version 2.0, so the external attributes carry file modes.
const MADE_BY = (3 << 8) | 20;
const FILE_MODE = 0o100644;
const UTF8_NAMES = 0x0800;

/** The bytes of a ZIP archive holding `files` (name -> content), sorted by name, deflated. */
export function zipBytes(files: Readonly<Record<string, string | Uint8Array>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const names = Object.keys(files).sort();
  for (const name of names) {
    if (name.startsWith("/") || name.split("/").includes("..")) throw new Error(`zip entry name must be relative: ${name}`);
    const content = files[name];
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const deflated = deflateRawSync(data, { level: 9 });
    // Store when deflate does not help (tiny files).
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const method = stored ? 0 : 8;
    const crc = crc32(data);
    const nameBytes = Buffer.from(name, "utf8");

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number start, internal attributes: 0
    central.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * Writes the ZIP of `files` to `dest` (creating its directory) and returns `dest`. The file
 * appears atomically (write + rename), so concurrent syntheses never read half an archive.
 */
export function writeZipSync(files: Readonly<Record<string, string | Uint8Array>>, dest: string): string {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, zipBytes(files));
  fs.renameSync(tmp, dest);
  return dest;
}
