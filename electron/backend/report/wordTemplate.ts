import { unzipSync, zipSync, strFromU8, strToU8, type Unzipped } from 'fflate';
import { childElements, descendants, parseXml, RELATIONSHIPS, serializeXml, type XmlDoc, type XmlElement } from '../officeXml';
import { WorkbenchError } from '../../../shared/api/errors';
import type { ReportTemplateInfo } from '../../../shared/api/workspaceSchemas';

/**
 * An office's Word template (.docx or .dotx), applied to the report as pandoc applies a reference document:
 * the report's own text and tables, in the template's styles (fonts, sizes, colours of body text, headings,
 * title and captions), its theme, its page size and margins, and its header and footer (a logo in them
 * included), with the report's marking and page numbers added beneath the template's own header and footer
 * lines. What the template's body holds is not used. The PDF and HTML take its fonts and heading colour.
 */

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';

const wAttr = (el: XmlElement | undefined, name: string): string | null => (el ? el.getAttributeNS(W, name) || null : null);

/** A Word package read once: its parts, and where the main document's parts are. */
interface Package {
  files: Unzipped;
  /** "word/document.xml" as a rule. */
  main: string;
  /** Relationship id → its target's path in the package, for the main document. */
  rels: Map<string, { type: string; path: string }>;
}

const dirOf = (part: string) => part.slice(0, part.lastIndexOf('/') + 1);
const relsOf = (part: string) => `${dirOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

/** A relationship's target as a path in the package ("media/image1.png" from word/ is "word/media/image1.png"). */
function resolve(from: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dirOf(from) + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function readRels(files: Unzipped, part: string): Map<string, { type: string; path: string; external: boolean; target: string }> {
  const xml = files[relsOf(part)];
  const rels = new Map<string, { type: string; path: string; external: boolean; target: string }>();
  if (!xml) return rels;
  for (const r of Array.from(parseXml(strFromU8(xml)).getElementsByTagName('Relationship'))) {
    const target = r.getAttribute('Target') ?? '';
    const external = r.getAttribute('TargetMode') === 'External';
    rels.set(r.getAttribute('Id') ?? '', { type: r.getAttribute('Type') ?? '', path: external ? target : resolve(part, target), external, target });
  }
  return rels;
}

function readPackage(bytes: Uint8Array, name: string): Package {
  let files: Unzipped;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new WorkbenchError('bad_arguments', `${name} is not a Word document or template: save it from Word as .docx or .dotx (Word 97–2003 .doc and .dot files cannot be used).`);
  }
  const root = files['_rels/.rels'] && [...readRels(files, '').values()].find((r) => r.type === `${RELATIONSHIPS}/officeDocument`);
  if (!root || !files[root.path]) throw new WorkbenchError('bad_arguments', `${name} is a zip file but not a Word document or template: it has no main document.`);
  const main = root.path;
  const rels = new Map([...readRels(files, main)].map(([id, r]) => [id, { type: r.type, path: r.path }]));
  if (![...rels.values()].some((r) => r.type === `${RELATIONSHIPS}/styles` && files[r.path])) throw new WorkbenchError('bad_arguments', `${name} has no styles: it cannot serve as the report's template.`);
  return { files, main, rels };
}

const partOf = (pkg: Package, type: string) => [...pkg.rels.values()].find((r) => r.type === `${RELATIONSHIPS}/${type}` && pkg.files[r.path])?.path;
const text = (pkg: Package, path: string) => strFromU8(pkg.files[path]);

/** The main document's last section properties (the body's own): page size, margins, header and footer. */
function bodySection(doc: XmlDoc): XmlElement | undefined {
  const body = descendants(doc, W, 'body')[0];
  return body ? childElements(body, 'sectPr', W)[0] : undefined;
}

/** The part of the section's default header or footer. */
function headerFooterPart(pkg: Package, kind: 'header' | 'footer'): string | undefined {
  const section = bodySection(parseXml(text(pkg, pkg.main)));
  const reference = section && childElements(section, `${kind}Reference`, W).find((r) => (wAttr(r, 'type') ?? 'default') === 'default');
  const id = reference?.getAttributeNS(RELATIONSHIPS, 'id');
  const target = id ? pkg.rels.get(id) : undefined;
  return target && pkg.files[target.path] ? target.path : undefined;
}

export interface WordTemplate {
  name: string;
  pkg: Package;
}

/** Reads a template, refusing with the file's name anything that is not a Word document or template. */
export function readWordTemplate(bytes: Uint8Array, name: string): WordTemplate {
  return { name, pkg: readPackage(bytes, name) };
}

/** A style's property, from the style or what it is based on, or the document defaults. */
function styleProperty(styles: XmlDoc, styleId: string | null, read: (rPr: XmlElement) => string | null): string | null {
  const byId = new Map(descendants(styles, W, 'style').map((s) => [wAttr(s, 'styleId'), s]));
  const seen = new Set<string>();
  for (let id = styleId; id && !seen.has(id); ) {
    seen.add(id);
    const style = byId.get(id);
    if (!style) break;
    const rPr = childElements(style, 'rPr', W)[0];
    const found = rPr && read(rPr);
    if (found) return found;
    id = wAttr(childElements(style, 'basedOn', W)[0], 'val');
  }
  const defaults = descendants(styles, W, 'rPrDefault')[0];
  const rPr = defaults && childElements(defaults, 'rPr', W)[0];
  return (rPr && read(rPr)) ?? null;
}

/** The fonts, heading colour, page and header of a template: what Settings shows and the PDF and HTML take. */
export function describeWordTemplate(template: WordTemplate): Omit<ReportTemplateInfo, 'fileName' | 'setBy' | 'setAt'> {
  const { pkg } = template;
  const styles = parseXml(text(pkg, partOf(pkg, 'styles')!));
  const themePath = partOf(pkg, 'theme');
  const theme = themePath ? parseXml(text(pkg, themePath)) : undefined;
  const themeFont = (which: 'major' | 'minor') => {
    const scheme = theme && descendants(theme, A, `${which}Font`)[0];
    const latin = scheme && (Array.from(scheme.childNodes) as XmlElement[]).find((c) => c.nodeType === 1 && c.localName === 'latin');
    return latin?.getAttribute('typeface') || null;
  };
  const font = (rPr: XmlElement) => {
    const fonts = childElements(rPr, 'rFonts', W)[0];
    if (!fonts) return null;
    const themed = wAttr(fonts, 'asciiTheme');
    return wAttr(fonts, 'ascii') ?? (themed ? themeFont(themed.startsWith('major') ? 'major' : 'minor') : null);
  };
  const colour = (rPr: XmlElement) => {
    const value = wAttr(childElements(rPr, 'color', W)[0], 'val');
    return value && /^[0-9A-Fa-f]{6}$/.test(value) ? `#${value.toLowerCase()}` : null;
  };
  const section = bodySection(parseXml(text(pkg, pkg.main)));
  const size = section && childElements(section, 'pgSz', W)[0];
  const [width, height] = [Number(wAttr(size, 'w') ?? 11906), Number(wAttr(size, 'h') ?? 16838)];
  const partText = (kind: 'header' | 'footer') => {
    const part = headerFooterPart(pkg, kind);
    return part ? descendants(parseXml(text(pkg, part)), W, 't').map((t) => t.textContent ?? '').join('').trim() : '';
  };
  const header = headerFooterPart(pkg, 'header');
  const images = [header, headerFooterPart(pkg, 'footer')].filter((p): p is string => !!p).flatMap((p) => [...readRels(pkg.files, p).values()].filter((r) => r.type === `${RELATIONSHIPS}/image` && !r.external).map((r) => r.path));
  return {
    bodyFont: styleProperty(styles, 'Normal', font),
    headingFont: styleProperty(styles, 'Heading1', font),
    headingColour: styleProperty(styles, 'Heading1', colour),
    page: { widthMm: Math.round(width / 56.693), heightMm: Math.round(height / 56.693) },
    header: partText('header'),
    footer: partText('footer'),
    images: new Set(images).size,
  };
}

/** The width between the template's margins, in CSS pixels (15 twips each): the widest a chart may be drawn. */
export function textWidthPx(template: WordTemplate): number | undefined {
  const section = bodySection(parseXml(text(template.pkg, template.pkg.main)));
  const [size, margins] = [section && childElements(section, 'pgSz', W)[0], section && childElements(section, 'pgMar', W)[0]];
  const width = Number(wAttr(size, 'w')) - Number(wAttr(margins, 'left') ?? wAttr(margins, 'start')) - Number(wAttr(margins, 'right') ?? wAttr(margins, 'end'));
  return Number.isFinite(width) && width > 0 ? Math.floor(width / 15) : undefined;
}

/**
 * The template's styles with the report's own added where the template has none of that name (the
 * contents' TOC styles, list paragraphs, hyperlinks). Outline numbering the template gives its headings is
 * taken off: the report numbers its sections itself, and the template's lists are not carried over.
 */
function mergeStyles(templateXml: string, oursXml: string): string {
  const styles = parseXml(templateXml);
  const root = styles.documentElement!;
  for (const numPr of descendants(styles, W, 'numPr')) numPr.parentNode?.removeChild(numPr);
  const have = new Set(descendants(styles, W, 'style').map((s) => wAttr(s, 'styleId')));
  for (const style of descendants(parseXml(oursXml), W, 'style')) {
    if (!have.has(wAttr(style, 'styleId'))) root.appendChild(styles.importNode(style, true));
  }
  // The report is in British English whatever the template's language.
  let defaults = descendants(styles, W, 'docDefaults')[0];
  if (!defaults) defaults = root.insertBefore(styles.createElementNS(W, 'w:docDefaults'), root.firstChild) as XmlElement;
  let rPrDefault = childElements(defaults, 'rPrDefault', W)[0];
  if (!rPrDefault) rPrDefault = defaults.insertBefore(styles.createElementNS(W, 'w:rPrDefault'), defaults.firstChild) as XmlElement;
  let rPr = childElements(rPrDefault, 'rPr', W)[0];
  if (!rPr) rPr = rPrDefault.appendChild(styles.createElementNS(W, 'w:rPr')) as XmlElement;
  let lang = childElements(rPr, 'lang', W)[0];
  if (!lang) lang = rPr.appendChild(styles.createElementNS(W, 'w:lang')) as XmlElement;
  lang.setAttributeNS(W, 'w:val', 'en-GB');
  return serializeXml(styles);
}

/** Adds a Default content type for each extension the copied parts need. */
function addContentTypes(files: Unzipped, template: Package, paths: readonly string[]): void {
  const types = parseXml(strFromU8(files['[Content_Types].xml']));
  const theirs = parseXml(strFromU8(template.files['[Content_Types].xml']));
  const known = new Set(Array.from(types.getElementsByTagNameNS(CT, 'Default')).map((d) => d.getAttribute('Extension')?.toLowerCase()));
  for (const path of paths) {
    const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    if (known.has(extension)) continue;
    const given =
      Array.from(theirs.getElementsByTagNameNS(CT, 'Default')).find((d) => d.getAttribute('Extension')?.toLowerCase() === extension)?.getAttribute('ContentType') ??
      Array.from(theirs.getElementsByTagNameNS(CT, 'Override')).find((o) => o.getAttribute('PartName')?.slice(1).replace(/^.*\//, '').toLowerCase().endsWith(`.${extension}`))?.getAttribute('ContentType');
    if (!given) continue;
    const entry = types.createElementNS(CT, 'Default');
    entry.setAttribute('Extension', extension);
    entry.setAttribute('ContentType', given);
    types.documentElement!.insertBefore(entry, types.documentElement!.firstChild);
    known.add(extension);
  }
  files['[Content_Types].xml'] = strToU8(serializeXml(types));
}

/**
 * The template's header (or footer) with the report's lines after its own: the template's logo and words,
 * then the marking (and in the footer the page numbers). The template's pictures are copied in under names
 * of their own, so they cannot take the place of the report's charts.
 */
function mergeHeaderFooter(files: Unzipped, template: Package, kind: 'header' | 'footer', oursPart: string): string[] {
  const theirPart = headerFooterPart(template, kind);
  if (!theirPart) return [];
  const merged = parseXml(text(template, theirPart));
  const root = merged.documentElement!;
  for (const line of (Array.from(parseXml(strFromU8(files[oursPart])).documentElement!.childNodes) as XmlElement[]).filter((n) => n.nodeType === 1)) root.appendChild(merged.importNode(line, true));
  const copied: string[] = [];
  const rels = parseXml('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>');
  for (const [id, r] of readRels(template.files, theirPart)) {
    const entry = rels.createElementNS('http://schemas.openxmlformats.org/package/2006/relationships', 'Relationship');
    entry.setAttribute('Id', id);
    entry.setAttribute('Type', r.type);
    if (r.external) {
      entry.setAttribute('Target', r.target);
      entry.setAttribute('TargetMode', 'External');
    } else {
      if (!template.files[r.path]) continue;
      const copy = `${dirOf(oursPart)}media/template-${kind}-${r.path.slice(r.path.lastIndexOf('/') + 1)}`;
      files[copy] = template.files[r.path];
      copied.push(copy);
      entry.setAttribute('Target', copy.slice(dirOf(oursPart).length));
    }
    rels.documentElement!.appendChild(entry);
  }
  files[oursPart] = strToU8(serializeXml(merged));
  files[relsOf(oursPart)] = strToU8(serializeXml(rels));
  return copied;
}

/** The report's Word file in the template's styles, theme, page and header and footer. */
export function applyWordTemplate(docx: Uint8Array, template: WordTemplate): Uint8Array {
  const ours = readPackage(docx, 'the report');
  const theirs = template.pkg;
  const files = ours.files;
  const stylesPath = partOf(ours, 'styles')!;
  files[stylesPath] = strToU8(mergeStyles(text(theirs, partOf(theirs, 'styles')!), text(ours, stylesPath)));
  const [ourTheme, theirTheme] = [partOf(ours, 'theme'), partOf(theirs, 'theme')];
  if (ourTheme && theirTheme) files[ourTheme] = theirs.files[theirTheme];
  const copied: string[] = [];
  for (const kind of ['header', 'footer'] as const) {
    const part = headerFooterPart(ours, kind);
    if (part) copied.push(...mergeHeaderFooter(files, theirs, kind, part));
  }
  if (copied.length) addContentTypes(files, theirs, copied);
  // The template's page: its size, orientation and margins, in every section of the report.
  const theirSection = bodySection(parseXml(text(theirs, theirs.main)));
  const document = parseXml(text(ours, ours.main));
  for (const section of descendants(document, W, 'sectPr')) {
    for (const name of ['pgSz', 'pgMar']) {
      const given = theirSection && childElements(theirSection, name, W)[0];
      const own = childElements(section, name, W)[0];
      if (given && own) section.replaceChild(document.importNode(given, true), own);
    }
  }
  files[ours.main] = strToU8(serializeXml(document));
  return zipSync(files);
}
