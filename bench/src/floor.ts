/**
 * The parse floor: a process that only reads a file and parses it with
 * positions, as rdscope's parsers do, and exits. `rdscope lint` divided by
 * this is the "parse floor ratio".
 *
 *   yaml       yaml's parseDocument with the CloudFormation tags, as rdscope first parses (YAML_FAST_PARSE_OPTIONS: no quadratic duplicate-key check)
 *   yaml-dup   the same with yaml's own duplicate-key check (uniqueKeys: true, yaml's default)
 *   rdscope-yaml rdscope's own YAML reading (parseYaml: parse/yamlBlock.ts for block-style text, yaml's parser otherwise), beside the floor:
 *              since lint reads YAML faster than yaml's parseDocument, lint / yaml can fall below 1
 *   json       rdscope's JSON parser (positions: every node carries its range)
 *   json-parse JSON.parse (no positions: a lower bound no positioned parser reaches)
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { parseJson } from '../../server/src/parse/json';
import { parseYaml, YAML_FAST_PARSE_OPTIONS, YAML_PARSE_OPTIONS } from '../../server/src/parse/yaml';

const [file, mode] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
let size = 0;
switch (mode) {
  case 'yaml':
  case 'yaml-dup': {
    const doc = parseDocument(text, { ...(mode === 'yaml-dup' ? YAML_PARSE_OPTIONS : YAML_FAST_PARSE_OPTIONS), lineCounter: new LineCounter() });
    size = doc.errors.length;
    break;
  }
  case 'rdscope-yaml': size = parseYaml(text).problems.length; break;
  case 'json': size = parseJson(text).problems.length; break;
  case 'json-parse': size = Object.keys(JSON.parse(text) as object).length; break;
  default: throw new Error(`unknown mode ${mode}`);
}
// Keep the result alive so nothing is optimised away.
if (size < 0) console.log(size);
