import { DOMParser, XMLSerializer } from '@xmldom/xmldom';

/** The parts of Office files (Word, Excel) read and written as XML: what the template and the return copy share. */

export type XmlDoc = ReturnType<DOMParser['parseFromString']>;
export type XmlElement = NonNullable<XmlDoc['documentElement']>;

/** The relationship namespace every Office package uses for its parts' references. */
export const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const parseXml = (xml: string): XmlDoc => new DOMParser().parseFromString(xml, 'application/xml');
export const serializeXml = (doc: XmlDoc): string => new XMLSerializer().serializeToString(doc);
export const descendants = (node: XmlElement | XmlDoc, ns: string, name: string): XmlElement[] => Array.from(node.getElementsByTagNameNS(ns, name)) as XmlElement[];
/** A node's child elements of a name (in a namespace, if given). */
export const childElements = (node: XmlElement, name: string, ns?: string): XmlElement[] =>
  (Array.from(node.childNodes) as XmlElement[]).filter((c) => c.nodeType === 1 && c.localName === name && (ns === undefined || c.namespaceURI === ns));
