/**
 * A reproducible .tar.gz of a directory (POSIX ustar): entries sorted, owner 0:0, modes
 * 0755/0644, a fixed modification time, so the same module files give the same archive bytes.
 */
import * as fs from "fs";
import * as path from "path";
import { gzipSync } from "zlib";

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number, type: "0" | "5", mode: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let entry = name;
  let prefix = "";
  if (Buffer.byteLength(entry) > 100) {
    const cut = name.lastIndexOf("/", 154);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for a ustar archive: ${name}`);
    prefix = name.slice(0, cut);
    entry = name.slice(cut + 1);
  }
  h.write(entry, 0, 100, "utf8");
  h.write(octal(mode, 8), 100, 8, "ascii");
  h.write(octal(0, 8), 108, 8, "ascii");
  h.write(octal(0, 8), 116, 8, "ascii");
  h.write(octal(size, 12), 124, 12, "ascii");
  h.write(octal(mtime, 12), 136, 12, "ascii");
  h.write("        ", 148, 8, "ascii");
  h.write(type, 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

function walk(dir: string, rel: string, out: string[]): void {
  for (const name of fs.readdirSync(dir).sort()) {
    const abs = path.join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) throw new Error(`refusing to archive a symbolic link: ${abs}`);
    out.push(st.isDirectory() ? `${r}/` : r);
    if (st.isDirectory()) walk(abs, r, out);
  }
}

/**
 * Writes the files of `dir` as a gzipped tar to `file`, under a top-level directory `root`
 * (`<root>/...`), or at the archive's root when `root` is `""`; returns the entry names.
 * @param mtime seconds since the epoch for every entry (default: 2000-01-01, any fixed value).
 */
export function writeTarGz(dir: string, root: string, file: string, mtime = 946684800): string[] {
  const entries: string[] = root ? [`${root}/`] : [];
  walk(dir, root, entries);
  const chunks: Buffer[] = [];
  for (const e of entries) {
    if (e.endsWith("/")) {
      chunks.push(header(e, 0, "5", 0o755, mtime));
      continue;
    }
    const data = fs.readFileSync(path.join(dir, root ? e.slice(root.length + 1) : e));
    chunks.push(header(e, data.length, "0", 0o644, mtime), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK, 0));
  }
  chunks.push(Buffer.alloc(BLOCK * 2, 0));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, gzipSync(Buffer.concat(chunks), { level: 9 }));
  return entries;
}
