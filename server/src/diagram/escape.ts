/**
 * The one escape every string goes through on its way into SVG or HTML
 * markup, text and attribute values alike. Resource names, identifiers, tags
 * and finding messages come from the user's files and may hold `<script>`,
 * quotes, `&` or control characters.
 */

// XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF:
// a single one would make the whole SVG unreadable, so they become U+FFFD.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeMarkup(value: string | number): string {
  return String(value).replace(NOT_XML_CHAR, '\ufffd').replace(/[&<>"']/g, (c) => ENTITY[c]);
}
