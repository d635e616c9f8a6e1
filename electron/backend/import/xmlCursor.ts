import { DamagedFile } from './zipArchive';

/**
 * A strict pull reader of XML 1.0 over a part's bytes, read as a one-byte ("latin1") string so that V8
 * indexes and slices it without copying (UTF-8 is decoded only where a value needs it). It refuses what
 * is not well-formed to the last byte: a tag or name that is not one, an element closed by another name or
 * never closed, text after the document element, a reference that names nothing, a comment, CDATA section
 * or processing instruction left open. Comments and processing instructions are passed over wherever they
 * stand; CDATA is text. A writer that stopped part way (a zip that is whole around XML that is not) is
 * refused here rather than read as far as it got.
 *
 * Purpose-built rather than a general parser (saxes, sax): spreadsheet XML is a few element kinds repeated
 * millions of times, and this reads it at the speed of scanning for "<" (npm run bench:import measures it).
 */

export const enum Token {
  Open,
  Close,
  Text,
  CData,
  End,
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const EQUALS = 0x3d;
const AMP = 0x26;
const BANG = 0x21;
const QUESTION = 0x3f;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function isNameStart(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f || b === COLON || b >= 0x80;
}

function isNameChar(b: number): boolean {
  return isNameStart(b) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function validCodePoint(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** The part's bytes as the one-byte string the cursor reads: UTF-8 as it is, UTF-16 (with its byte-order mark) re-encoded. */
export function xmlString(bytes: Buffer, part: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    if (bytes.length % 2) throw new DamagedFile(`the part ${part} is cut short: UTF-16 with an odd number of bytes`);
    let text: string;
    try {
      text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      throw new DamagedFile(`the part ${part} is not readable UTF-16`);
    }
    return Buffer.from(text, 'utf8').toString('latin1');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('latin1', start);
}

/** UTF-8 text from the one-byte string, decoded only where it has a byte above 0x7F. */
export function utf8Of(latin1: string): string {
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

export class XmlCursor {
  /** Of the current Open or Close token: where its qualified name and its local name (after any prefix) are. */
  nameStart = 0;
  nameEnd = 0;
  localStart = 0;
  /** Of an Open token: where its attributes are, and whether it closes itself. */
  attributesStart = 0;
  attributesEnd = 0;
  selfClosing = false;
  /** Of a Text or CData token: where its characters are. */
  textStart = 0;
  textEnd = 0;
  /** How many elements are open, the current one included once its Open token has been read. */
  depth = 0;

  private at = 0;
  private rootSeen = false;
  private pendingClose = false;
  private readonly openStarts: number[] = [];
  private readonly openEnds: number[] = [];

  constructor(
    readonly xml: string,
    readonly part: string,
  ) {}

  private damaged(what: string): never {
    throw new DamagedFile(`the part ${this.part} is not well-formed XML: ${what}`);
  }

  private cutShort(): never {
    throw new DamagedFile(`the part ${this.part} is cut short: its XML stops before its end (was the file written in full?)`);
  }

  /** The next token. Blank text outside the document element is passed over; a Close follows a self-closing Open. */
  next(): Token {
    const xml = this.xml;
    if (this.pendingClose) {
      this.pendingClose = false;
      this.closeTop();
      return Token.Close;
    }
    for (;;) {
      const at = this.at;
      if (at >= xml.length) {
        if (this.depth > 0 || !this.rootSeen) this.cutShort();
        return Token.End;
      }
      if (xml.charCodeAt(at) !== LT) {
        let lt = xml.indexOf('<', at);
        if (lt < 0) lt = xml.length;
        this.at = lt;
        if (this.depth === 0) {
          for (let i = at; i < lt; i++) if (!isSpace(xml.charCodeAt(i))) this.damaged(this.rootSeen ? 'text after the document element' : 'text before the document element');
          continue;
        }
        if (hasChar(xml, AMP, at, lt)) this.checkReferences(at, lt);
        this.textStart = at;
        this.textEnd = lt;
        return Token.Text;
      }
      const b = xml.charCodeAt(at + 1);
      if (b === BANG) {
        if (xml.startsWith('<!--', at)) {
          const end = xml.indexOf('-->', at + 4);
          if (end < 0) this.cutShort();
          this.at = end + 3;
          continue;
        }
        if (xml.startsWith('<![CDATA[', at)) {
          if (this.depth === 0) this.damaged('a CDATA section outside the document element');
          const end = xml.indexOf(']]>', at + 9);
          if (end < 0) this.cutShort();
          this.textStart = at + 9;
          this.textEnd = end;
          this.at = end + 3;
          return Token.CData;
        }
        if (xml.startsWith('<!DOCTYPE', at)) this.damaged('a document type declaration, which no spreadsheet writes (and which can hide entities)');
        this.damaged(`markup that is not XML ("${xml.slice(at, at + 12)}")`);
      }
      if (b === QUESTION) {
        const end = xml.indexOf('?>', at + 2);
        if (end < 0) this.cutShort();
        this.at = end + 2;
        continue;
      }
      if (b === SLASH) return this.readClose(at);
      return this.readOpen(at);
    }
  }

  private readName(from: number): number {
    const xml = this.xml;
    if (from >= xml.length) this.cutShort();
    if (!isNameStart(xml.charCodeAt(from))) this.damaged(`"<${xml.slice(from, from + 12)}" is not a tag (a stray "<" in a value?)`);
    this.nameStart = from;
    this.localStart = from;
    let i = from + 1;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (c === COLON) this.localStart = i + 1;
      else if (!isNameChar(c)) break;
    }
    this.nameEnd = i;
    return i;
  }

  private readOpen(lt: number): Token {
    const xml = this.xml;
    if (this.depth === 0 && this.rootSeen) this.damaged('a second document element');
    let i = this.readName(lt + 1);
    this.attributesStart = i;
    for (;;) {
      if (i >= xml.length) this.cutShort();
      let c = xml.charCodeAt(i);
      if (c === GT || c === SLASH) break;
      if (!isSpace(c)) this.damaged(`a tag <${xml.slice(this.nameStart, this.nameEnd)}> with "${xml.slice(i, i + 12)}" in it`);
      while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
      if (i >= xml.length) this.cutShort();
      c = xml.charCodeAt(i);
      if (c === GT || c === SLASH) break;
      // An attribute: name = "value"
      if (!isNameStart(c)) this.damaged(`a tag <${xml.slice(this.nameStart, this.nameEnd)}> with "${xml.slice(i, i + 12)}" in it`);
      while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
      while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
      if (i >= xml.length) this.cutShort();
      if (xml.charCodeAt(i) !== EQUALS) this.damaged(`an attribute without a value in <${xml.slice(this.nameStart, this.nameEnd)}>`);
      i++;
      while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
      if (i >= xml.length) this.cutShort();
      const quote = xml.charCodeAt(i);
      if (quote !== QUOTE && quote !== APOSTROPHE) this.damaged(`an attribute value without quotes in <${xml.slice(this.nameStart, this.nameEnd)}>`);
      const close = xml.indexOf(quote === QUOTE ? '"' : "'", i + 1);
      if (close < 0) this.cutShort();
      if (hasChar(xml, LT, i + 1, close)) this.damaged(`a "<" inside an attribute value of <${xml.slice(this.nameStart, this.nameEnd)}>`);
      if (hasChar(xml, AMP, i + 1, close)) this.checkReferences(i + 1, close);
      i = close + 1;
    }
    this.attributesEnd = i;
    if (xml.charCodeAt(i) === SLASH) {
      if (xml.charCodeAt(i + 1) !== GT) {
        if (i + 1 >= xml.length) this.cutShort();
        this.damaged(`a "/" inside the tag <${xml.slice(this.nameStart, this.nameEnd)}>`);
      }
      this.selfClosing = true;
      this.at = i + 2;
    } else {
      this.selfClosing = false;
      this.at = i + 1;
    }
    this.openStarts[this.depth] = this.nameStart;
    this.openEnds[this.depth] = this.nameEnd;
    this.depth++;
    this.rootSeen = true;
    if (this.selfClosing) this.pendingClose = true;
    return Token.Open;
  }

  private readClose(lt: number): Token {
    const xml = this.xml;
    let i = this.readName(lt + 2);
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (i >= xml.length) this.cutShort();
    if (xml.charCodeAt(i) !== GT) this.damaged(`a closing tag </${xml.slice(this.nameStart, this.nameEnd)}> with "${xml.slice(i, i + 12)}" in it`);
    this.at = i + 1;
    if (this.depth === 0) this.damaged(`</${xml.slice(this.nameStart, this.nameEnd)}> closes nothing`);
    const top = this.depth - 1;
    const openStart = this.openStarts[top];
    const length = this.openEnds[top] - openStart;
    if (length !== this.nameEnd - this.nameStart || !sameChars(xml, openStart, this.nameStart, length)) {
      this.damaged(`<${xml.slice(openStart, openStart + length)}> is closed by </${xml.slice(this.nameStart, this.nameEnd)}>`);
    }
    this.closeTop();
    return Token.Close;
  }

  private closeTop(): void {
    this.depth--;
    this.nameStart = this.openStarts[this.depth];
    this.nameEnd = this.openEnds[this.depth];
    let local = this.nameStart;
    for (let i = this.nameStart; i < this.nameEnd; i++) if (this.xml.charCodeAt(i) === COLON) local = i + 1;
    this.localStart = local;
  }

  private checkReferences(from: number, to: number): void {
    const xml = this.xml;
    for (let amp = from; amp < to; amp++) {
      if (xml.charCodeAt(amp) !== AMP) continue;
      let semi = amp + 1;
      while (semi < to && semi - amp <= 12 && xml.charCodeAt(semi) !== 0x3b) semi++;
      if (semi >= to || xml.charCodeAt(semi) !== 0x3b) this.damaged(`an "&" that is not a reference ("${xml.slice(amp, Math.min(to, amp + 12))}")`);
      const name = xml.slice(amp + 1, semi);
      if (name[0] === '#') {
        const code = name[1] === 'x' ? (/^x[0-9a-fA-F]+$/.test(name.slice(1)) ? parseInt(name.slice(2), 16) : NaN) : /^\d+$/.test(name.slice(1)) ? parseInt(name.slice(1), 10) : NaN;
        if (!validCodePoint(code)) this.damaged(`a character reference to no character ("&${name};")`);
      } else if (!Object.prototype.hasOwnProperty.call(ENTITIES, name)) this.damaged(`a reference to an entity it does not define ("&${name};")`);
      amp = semi;
    }
  }

  /** Whether the current element's local name is `name`. */
  is(name: string): boolean {
    return this.nameEnd - this.localStart === name.length && this.xml.startsWith(name, this.localStart);
  }

  /** The current element's qualified name, for messages. */
  name(): string {
    return this.xml.slice(this.nameStart, this.nameEnd);
  }

  /** Whether the current Text token is white space only. */
  textIsBlank(): boolean {
    const xml = this.xml;
    for (let i = this.textStart; i < this.textEnd; i++) if (!isSpace(xml.charCodeAt(i))) return false;
    return true;
  }

  /** The current Text or CData token's characters, still as one-byte UTF-8; references decoded in text. */
  rawText(token: Token): string {
    const raw = this.xml.slice(this.textStart, this.textEnd);
    return token === Token.Text && raw.includes('&') ? decodeReferences(raw) : raw;
  }

  /**
   * The text inside the element just opened, to its close (text, CDATA, references; comments and
   * processing instructions passed over), as one-byte UTF-8. An element inside it is damage.
   */
  textContent(): string {
    let text = '';
    for (;;) {
      const token = this.next();
      if (token === Token.Close) return text;
      if (token === Token.Text || token === Token.CData) text += this.rawText(token);
      else if (token === Token.Open) this.damaged(`<${this.name()}> inside an element that holds only text`);
      else this.cutShort();
    }
  }

  /** Reads to the close of the element just opened, whatever it holds. */
  skipElement(): void {
    const depth = this.depth;
    for (;;) {
      const token = this.next();
      if (token === Token.Close && this.depth < depth) return;
      if (token === Token.End) this.cutShort();
    }
  }

  /** The value of attribute `name` (exact qualified name) of the current Open token, references decoded. */
  attribute(name: string): string | undefined {
    return this.findAttribute((start, end) => end - start === name.length && this.xml.startsWith(name, start));
  }

  /** The value of the first attribute whose qualified name ends with `suffix` (":id", whatever the prefix). */
  attributeEndingWith(suffix: string): string | undefined {
    return this.findAttribute((start, end) => end - start > suffix.length && this.xml.startsWith(suffix, end - suffix.length));
  }

  private findAttribute(named: (nameStart: number, nameEnd: number) => boolean): string | undefined {
    const xml = this.xml;
    let i = this.attributesStart;
    const end = this.attributesEnd;
    while (i < end) {
      while (i < end && isSpace(xml.charCodeAt(i))) i++;
      const nameStart = i;
      while (i < end && xml.charCodeAt(i) !== EQUALS && !isSpace(xml.charCodeAt(i))) i++;
      const nameEnd = i;
      while (i < end && xml.charCodeAt(i) !== QUOTE && xml.charCodeAt(i) !== APOSTROPHE) i++;
      if (i >= end) return undefined;
      const close = xml.indexOf(xml.charCodeAt(i) === QUOTE ? '"' : "'", i + 1);
      if (named(nameStart, nameEnd)) {
        const raw = xml.slice(i + 1, close);
        return raw.includes('&') ? decodeReferences(raw) : raw;
      }
      i = close + 1;
    }
    return undefined;
  }

  /** Reads every token to the end: for a part whose content is read another way but must be whole. */
  checkToEnd(): void {
    while (this.next() !== Token.End);
  }
}

/** Whether `code` stands between `from` and `to`: a bounded look, where indexOf could run to the part's end. */
function hasChar(xml: string, code: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (xml.charCodeAt(i) === code) return true;
  return false;
}

function sameChars(xml: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (xml.charCodeAt(a + i) !== xml.charCodeAt(b + i)) return false;
  return true;
}

/** Decodes XML's references in one-byte UTF-8 text; a character reference becomes its UTF-8 bytes. */
function decodeReferences(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity];
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Buffer.from(String.fromCodePoint(code), 'utf8').toString('latin1');
  });
}

/** OOXML's _xHHHH_ escapes of characters XML cannot hold, in text already decoded. */
export function decodeOoxmlEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}
