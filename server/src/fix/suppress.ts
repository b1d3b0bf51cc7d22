/**
 * "Ignore RDSnnn on this resource", written the way RULES.md reads it back
 * (model/suppressions.ts): CloudFormation `Metadata: { rdscope: { ignore: [RDSnnn] } }`,
 * Terraform JSON `"//": "rdscope:ignore RDSnnn"`, Terraform HCL
 * `# rdscope:ignore RDSnnn` above the block. Minimal edits through the
 * same helpers as the fixes, so comments and formatting survive.
 */
import type { Entity } from '../model/topology';
import { getEntry, type MapNode, type Range, type SeqNode, type ValueNode } from '../parse/tree';
import {
  afterLineEnd, columnIndent, eolOf, flowSeqText, hclSuppressionEdit, insertEntry, lineStartOf, scalarText,
  type FixDocument, type InsertValue, type MaterializedFix,
} from './edits';

type Edit = { range: Range; newText: string };

/**
 * The edit that suppresses `ruleId` on `entity`: the suppression is added, or
 * the id appended to an existing list. Undefined when it cannot be written
 * safely (a computed Metadata, a plan, which is Terraform's output, or HCL).
 */
export function suppressionFix(entity: Entity, ruleId: string, doc: FixDocument): MaterializedFix | undefined {
  // In a StackSet's TemplateBody string: an inserted Metadata block is not checked against the embedded template.
  if (entity.embedded) return undefined;
  const edit = entity.provider === 'cloudformation' ? (doc.format === 'hcl' ? undefined : cloudFormationSuppression(entity, ruleId, doc))
    : entity.provider === 'terraform' ? (doc.format === 'hcl' ? hclSuppressionEdit(entity, ruleId, doc) : terraformSuppression(entity, ruleId, doc))
      : undefined;
  // Changes no database, but a choice only the user makes: offered as a quick fix, never applied by fix-all.
  return edit ? { title: `Suppress ${ruleId} for ${entity.id}`, kind: 'fix', edits: [{ file: entity.file, ...edit }] } : undefined;
}

function cloudFormationSuppression(entity: Entity, ruleId: string, doc: FixDocument): Edit | undefined {
  const resource = entity.anchor.resourceNode;
  if (resource.kind !== 'map') return undefined;
  const metadata = getEntry(resource, 'Metadata');
  if (!metadata) return insertInto(resource, 'Metadata', { rdscope: { ignore: [ruleId] } }, doc);
  if (metadata.value.kind !== 'map') return undefined;
  const rdscope = getEntry(metadata.value, 'rdscope');
  if (!rdscope) return insertInto(metadata.value, 'rdscope', { ignore: [ruleId] }, doc);
  if (rdscope.value.kind !== 'map') return undefined;
  const ignore = getEntry(rdscope.value, 'ignore');
  if (!ignore) return insertInto(rdscope.value, 'ignore', [ruleId], doc);
  const list = ignore.value;
  if (list.kind === 'seq') return appendToSeq(list, ruleId, doc);
  if (list.kind === 'scalar' && typeof list.value === 'string' && list.range.end > list.range.start) {
    // `ignore: RDS201` (or "RDS201, RDS105") becomes a list with the new id.
    const ids = list.value.split(/[\s,]+/).filter(Boolean);
    return { range: list.range, newText: flowSeqText([...ids, ruleId], doc.format) };
  }
  return undefined;
}

/** A block map needs an entry to take its indentation from; an empty one is written `{}` (flow). */
function insertInto(map: MapNode, key: string, value: InsertValue, doc: FixDocument): Edit | undefined {
  if (!map.flow && doc.format !== 'json' && map.entries.length === 0) return undefined;
  return insertEntry(map, key, value, doc);
}

function appendToSeq(seq: SeqNode, item: string, doc: FixDocument): Edit | undefined {
  const { text, format } = doc;
  const itemText = scalarText(item, format);
  if (format === 'json' || seq.flow) {
    if (seq.items.length === 0) return { range: { start: seq.range.start + 1, end: seq.range.end - 1 }, newText: itemText };
    const last = seq.items[seq.items.length - 1];
    const ownLine = text.slice(lineStartOf(text, last.range.start), last.range.start).trim() === '';
    const at = last.range.end;
    if (!ownLine) return { range: { start: at, end: at }, newText: `, ${itemText}` };
    return { range: { start: at, end: at }, newText: `,${eolOf(text)}${columnIndent(text, last.range.start)}${itemText}` };
  }
  // Block sequence: a new `- item` line under the last one, at the same column.
  const last = seq.items[seq.items.length - 1];
  if (!last) return undefined;
  const dash = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStartOf(text, last.range.start), last.range.start));
  if (!dash) return undefined;
  const at = afterLineEnd(text, last.range.end);
  const eol = eolOf(text);
  const leadingEol = at === text.length && !text.endsWith('\n') ? eol : '';
  return { range: { start: at, end: at }, newText: `${leadingEol}${dash[1]}- ${itemText}${eol}` };
}

/** Terraform JSON ignores `//` in a block body: a comment, where rdscope reads `rdscope:ignore` ids. */
const COMMENT_KEY = '//';
/** The directive and its id list (ids separated by spaces or commas), not the prose after it. */
const IGNORE_DIRECTIVE = /rdscope:ignore\s+[A-Za-z0-9_-]+(?:(?:[ \t]*,[ \t]*|[ \t]+)(?=RDS\d|[a-z]+-[a-z-]+)[A-Za-z0-9_-]+)*/;

function terraformSuppression(entity: Entity, ruleId: string, doc: FixDocument): Edit | undefined {
  const body = entity.anchor.propertiesNode;
  if (!body || body.kind !== 'map' || doc.format !== 'json') return undefined;
  const directive = `rdscope:ignore ${ruleId}`;
  const comment = getEntry(body, COMMENT_KEY);
  if (!comment) return insertEntry(body, COMMENT_KEY, directive, doc);
  const extend = (node: ValueNode): Edit | undefined => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !IGNORE_DIRECTIVE.test(node.value)) return undefined;
    return { range: node.range, newText: JSON.stringify(node.value.replace(IGNORE_DIRECTIVE, (m) => `${m} ${ruleId}`)) };
  };
  const value = comment.value;
  if (value.kind === 'scalar' && typeof value.value === 'string') {
    // An existing comment keeps its prose; the directive goes after it.
    const prose = value.value.trim();
    return extend(value) ?? { range: value.range, newText: JSON.stringify(prose ? `${prose}; ${directive}` : directive) };
  }
  if (value.kind === 'seq') {
    for (const item of value.items) {
      const edit = extend(item);
      if (edit) return edit;
    }
    return appendToSeq(value, directive, doc);
  }
  return undefined;
}

