import zlib from 'node:zlib';

/**
 * The zip container of .xlsx, .xlsm and .ods files, read with care: a spreadsheet is often the one file on
 * an analyst's desk nobody checked, and a damaged or hostile zip must be refused in milliseconds, never
 * half-read. Every entry's sizes are checked before it is inflated (declared size, compression ratio,
 * number of entries), inflated by Node's zlib with its output capped at the declared size, and its CRC-32
 * compared with the one the zip records, so a flipped byte is an error rather than a wrong figure.
 */

export class DamagedFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DamagedFile';
  }
}

/** Not damaged: locked. Said as such, with what to do. */
export class PasswordProtected extends Error {}

export const ZIP_LIMITS = {
  /** Parts in one file: a workbook has a few dozen; tens of thousands is a trap, not a spreadsheet. */
  entries: 10_000,
  /** The largest part inflated (about 1.5 million rows of four cells), and within V8's longest string. */
  entryBytes: 500 * 1024 * 1024,
  /** Every part together. */
  totalBytes: 1024 * 1024 * 1024,
  /** Sheet XML deflates 10 to 50 times; a part above this ratio (and over 1 MB) is a zip bomb. */
  ratio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(data: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535; search back from the end.
  const stop = Math.max(0, data.length - 22 - 0xffff);
  for (let i = data.length - 22; i >= stop; i--) if (data.readUInt32LE(i) === EOCD) return i;
  throw new DamagedFile('not a complete zip archive: its directory is missing, the file may be cut short');
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(private readonly data: Buffer) {
    if (data.length < 22) throw new DamagedFile('not a complete zip archive: too short');
    const end = findEndOfCentralDirectory(data);
    const count = data.readUInt16LE(end + 10);
    const directorySize = data.readUInt32LE(end + 12);
    const directoryOffset = data.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff) throw new DamagedFile('a zip64 archive, larger than the workbench reads: over 4 GB or 65,535 parts');
    if (count > ZIP_LIMITS.entries) throw new DamagedFile(`${count.toLocaleString('en-GB')} parts in one file, more than the ${ZIP_LIMITS.entries.toLocaleString('en-GB')} a workbook could have`);
    if (directoryOffset + directorySize > end) throw new DamagedFile('its zip directory points outside the file');
    let at = directoryOffset;
    let declared = 0;
    const names = new Set<string>();
    for (let n = 0; n < count; n++) {
      if (at + 46 > end || data.readUInt32LE(at) !== CENTRAL) throw new DamagedFile('its zip directory is damaged');
      const flags = data.readUInt16LE(at + 8);
      const method = data.readUInt16LE(at + 10);
      const crc32 = data.readUInt32LE(at + 16);
      const compressedSize = data.readUInt32LE(at + 20);
      const size = data.readUInt32LE(at + 24);
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      const localHeaderOffset = data.readUInt32LE(at + 42);
      const name = data.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (size > ZIP_LIMITS.entryBytes) throw new DamagedFile(`the part ${name} would inflate to ${megabytes(size)}, more than the ${megabytes(ZIP_LIMITS.entryBytes)} the workbench reads`);
      if (size > ZIP_LIMITS.ratioFloorBytes && size > compressedSize * ZIP_LIMITS.ratio) {
        throw new DamagedFile(`the part ${name} would inflate ${Math.round(size / Math.max(1, compressedSize))} times over, to ${megabytes(size)}: a zip bomb, not a spreadsheet`);
      }
      declared += size;
      if (declared > ZIP_LIMITS.totalBytes) throw new DamagedFile(`its parts would inflate to more than ${megabytes(ZIP_LIMITS.totalBytes)}`);
      if (localHeaderOffset + 30 > data.length) throw new DamagedFile(`the part ${name} lies outside the file, which may be cut short`);
      // Part names are case-insensitive (ECMA-376 Part 2, 9.1.1.1): two of one name leave which is meant to chance.
      const key = name.toLowerCase();
      if (names.has(key)) throw new DamagedFile(`the part ${name} appears twice in the file`);
      names.add(key);
      this.entries.set(name, { name, method, flags, crc32, compressedSize, size, localHeaderOffset });
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The bytes of one part, inflated and checked against its CRC-32; a missing part is null. */
  read(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { data } = this;
    if (entry.flags & 1) throw new PasswordProtected('an encrypted zip');
    const at = entry.localHeaderOffset;
    if (data.readUInt32LE(at) !== LOCAL) throw new DamagedFile(`the part ${name} has a damaged header`);
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > data.length) throw new DamagedFile(`the part ${name} is cut short, the file may be incomplete`);
    const raw = data.subarray(start, end);
    let bytes: Buffer;
    if (entry.method === 0) bytes = raw;
    else if (entry.method === 8) {
      try {
        // One byte more than declared: a part that inflates further than its directory says is damaged.
        bytes = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) });
      } catch (error) {
        throw new DamagedFile(`zip data error in ${name}${(error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? ': it inflates beyond its declared size' : ''}`);
      }
    } else throw new DamagedFile(`the part ${name} uses compression method ${entry.method}, which spreadsheets do not`);
    if (bytes.length !== entry.size) throw new DamagedFile(`zip data error in ${name}: it inflates to ${bytes.length} bytes, not the ${entry.size} recorded`);
    if (zlib.crc32(bytes) >>> 0 !== entry.crc32 >>> 0) throw new DamagedFile(`zip data error in ${name}: CRC check failed`);
    this.inflated += bytes.length;
    if (this.inflated > ZIP_LIMITS.totalBytes) throw new DamagedFile(`its parts inflate to more than ${megabytes(ZIP_LIMITS.totalBytes)}`);
    return bytes;
  }

  /** Inflates and checks every part: for a zip another reader (SheetJS) will then open. */
  verifyAll(): void {
    for (const name of this.entries.keys()) if (!name.endsWith('/')) this.read(name);
  }
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-GB')} MB`;
}
