/**
 * Hostile input, through the same path the CLI and the editor take: a file
 * read with readTemplateFile (or handed over as editor text), analyzeDocument
 * and lintDocuments. Whatever the input: no exception, and either findings or
 * a located RDS000 whose message says what is wrong. Fixtures are real files
 * in test/fixtures/hostile/; what is too large to commit (100,000-deep
 * nesting, a 30,000-instance tangle, files over the size limit) is generated
 * into a temporary folder at test time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_CONFIG, type LintConfig } from '../../server/src/config/config';
import { readTemplateFile } from '../../server/src/io/readTemplateFile';
import { analyzeDocument, lintDocuments, type LintResult } from '../../server/src/lint';
import { DEFAULT_MAX_FILE_BYTES, MAX_ALIAS_EXPANSION_NODES, MAX_NESTING_DEPTH } from '../../server/src/parse/limits';
import { excessiveNestingAt } from '../../server/src/parse/yamlDepth';
import { recoveryProfile } from '../../server/src/rules/recovery';
import { fixture } from '../helpers';
import { assertFixesRoundTrip, lintChecked, parseErrorOf, rangeInside, showRange } from './support';
import { generateTangle, tangleAsCloudFormation, tangleAsTerraform, tangleIds } from './tangle';

const HOSTILE = fixture('hostile');
const temp = mkdtempSync(join(tmpdir(), 'rdscope-hostile-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** What each hostile fixture must give. */
type Expectation =
  | { readonly rds000: RegExp; readonly at?: string }
  | { readonly findings: readonly string[]; readonly instances?: number; readonly absent?: readonly string[] }
  | { readonly readError: RegExp; readonly editorText?: 'rds000' | 'any' };

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'truncated-flow.yaml': { rds000: /Flow sequence .* must be sufficiently indented and end with a \]/ },
  'truncated-string.template.json': { rds000: /^Unterminated string$/, at: '"orders-prim' },
  'truncated-after-colon.json': { rds000: /Unexpected end of file: expected a value/ },
  'truncated.tf.json': { rds000: /Unexpected end of file: expected a property name/ },
  'unterminated-quote.yaml': { rds000: /Missing closing "quote/ },
  'tab-indented.yaml': { rds000: /Tabs are not allowed as indentation/, at: '\t' },
  'bad-indentation.yaml': { rds000: /./ },
  'alias-bomb.yaml': { rds000: new RegExp(`aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes`) },
  'unknown-alias.yaml': { rds000: /Unknown YAML alias \*nowhere/, at: '*nowhere' },
  'multi-document.yaml': { rds000: /holds one YAML document; found a second one/ },
  'duplicate-keys.yaml': { rds000: /Map keys must be unique/, at: 'MultiAZ' },
  'empty.template.yaml': { rds000: /^The file is empty$/ },
  'whitespace.template.json': { rds000: /^The file is empty$/ },
  'resources-list.yaml': { rds000: /^Resources must be a map of logical ids to resources; this one is a list$/, at: '- Orders' },
  'resources-scalar.json': { rds000: /^Resources must be a map .* a string$/, at: '"AWS::RDS::DBInstance"' },
  'resource-as-string.tf.json': { rds000: /^"resource" must be an object .* a string$/, at: '"aws_db_instance"' },
  'resource-as-number.tf.json': { rds000: /^"resource" must be an object .* a number$/, at: '42' },
  'resource-as-null.tf.json': { rds000: /^"resource" must be an object .* null$/, at: 'null' },
  'resource-list-of-odd.tf.json': { rds000: /^"resource" must be an object .* null$/, at: 'null' },
  'top-level-list.template.yaml': { rds000: /^A template is a map at the top level; this file holds a list$/ },
  'top-level-scalar.template.json': { rds000: /^A template is a map at the top level; this file holds a string$/ },
  'binary.template.yaml': { readError: /^This is a binary file \(a NUL byte at byte 8\), not a template$/, editorText: 'rds000' },
  'utf16.template.json': { readError: /^The file is UTF-16 \(byte order mark FF FE, little-endian\); templates must be UTF-8/, editorText: 'rds000' },
  'invalid-utf8.yaml': { readError: /^The file is not valid UTF-8 \(byte 152\); templates must be UTF-8$/, editorText: 'any' },
  'latin1.template.json': { readError: /^The file is not valid UTF-8 \(byte 71\); templates must be UTF-8$/, editorText: 'any' },
  'aliases-small.yaml': { findings: ['RDS201 Orders', 'RDS201 Billing'], instances: 2 },
  'bom-crlf.yaml': { findings: ['RDS101 Orders', 'RDS201 Orders'], instances: 1 },
  'bom-crlf.json': { findings: ['RDS201 Orders'], instances: 1 },
  'wrong-shapes.yaml': {
    findings: ['RDS201 PropertiesNull', 'RDS201 PropertiesEmpty', 'RDS201 PropertiesList', 'RDS201 PropertiesScalar', 'RDS102 OddScalars', 'RDS101 Valid'],
    // Type: 42, Type: [..], no Type, a resource that is a scalar, list or null: not RDS resources at all.
    absent: ['TypeNumber', 'TypeList', 'TypeMissing', 'ResourceScalar', 'ResourceList', 'ResourceNull'],
  },
  'wrong-intrinsics.yaml': { findings: ['RDS302 SelfByGetAtt', 'RDS304 Replica', 'RDS102 Cluster'], instances: 4 },
  'wrong-intrinsics.json': { findings: ['RDS304 Replica', 'RDS201 Valid'], instances: 3 },
  'wrong-shapes.tf.json': {
    findings: [
      'RDS101 aws_db_instance.valid', 'RDS502 aws_db_proxy.p',
      // count 3 from a string, from a variable default and from a local: expanded.
      'RDS201 aws_db_instance.count_string[2]', 'RDS201 aws_db_instance.count_from_variable[2]', 'RDS201 aws_db_instance.count_from_local[2]',
      // count an expression, negative, fractional, huge, a list, a cycle of locals; for_each a number: one unexpanded instance each.
      'RDS201 aws_db_instance.count_expression', 'RDS201 aws_db_instance.count_negative', 'RDS201 aws_db_instance.count_float',
      'RDS201 aws_db_instance.count_huge', 'RDS201 aws_db_instance.count_big', 'RDS201 aws_db_instance.count_list',
      'RDS201 aws_db_instance.count_local_cycle', 'RDS201 aws_db_instance.for_each_number',
    ],
    absent: ['aws_db_instance.count_big[0]', 'aws_db_instance.as_string', 'aws_db_instance.as_number', 'aws_db_instance.as_null'],
  },
  'wrong-shapes.plan.json': { findings: ['RDS101 aws_db_instance.valid', 'RDS201 aws_db_instance.no_values'], instances: 4 },
  'cycles.yaml': {
    findings: [
      'RDS302 Narcissus', 'RDS302 PingA', 'RDS302 PingB', 'RDS302 RingA', 'RDS302 RingB', 'RDS302 RingC', 'RDS302 RingANamed',
      'RDS302 SelfByIdentifier', 'RDS506 TargetGroup',
    ],
    instances: 12,
    // The tails that run into a ring are not in it, and no chain depth is measured inside a cycle.
    absent: ['RDS302 TailIntoRing', 'RDS302 TailOfTail', 'RDS303'],
  },
  'cycles.tf.json': {
    findings: [
      'RDS302 aws_db_instance.narcissus', 'RDS302 aws_db_instance.ping', 'RDS302 aws_db_instance.pong', 'RDS302 aws_db_instance.loop[1]',
      'RDS302 aws_db_instance.each["a"]', 'RDS302 aws_db_instance.each["b"]',
    ],
    absent: ['RDS302 aws_db_instance.tail', 'RDS302 aws_db_instance.loop[0]'],
  },
};

const hostileFiles = readdirSync(HOSTILE).filter((n) => !n.startsWith('.') && !n.endsWith('.md')).sort();

/** Lints a file as the CLI does: read safely, then analyze; a read failure is the RDS000 the CLI reports. */
function lintFile(name: string, config: LintConfig = DEFAULT_CONFIG): { result?: LintResult; readError?: { message: string; offset: number } } {
  const read = readTemplateFile(join(HOSTILE, name), config.maxFileBytes);
  if (!read.ok) return { readError: read };
  return { result: lintChecked([{ uri: name, text: read.text }], name) };
}

const summary = (result: LintResult) => result.findings.map((f) => `${f.ruleId} ${f.resource ?? ''}`.trim());

describe('hostile fixtures: findings or a located RDS000, never an exception', () => {
  it('every fixture has an expectation', () => {
    assert.deepEqual(hostileFiles.filter((n) => !(n in EXPECTED)), [], 'fixtures without an expectation');
    assert.deepEqual(Object.keys(EXPECTED).filter((n) => !hostileFiles.includes(n)), [], 'expectations without a fixture');
  });

  for (const name of hostileFiles) {
    const expected = EXPECTED[name];
    it(name, () => {
      const started = Date.now();
      const { result, readError } = lintFile(name);
      if (expected && 'readError' in expected) {
        assert.ok(readError, `${name}: readTemplateFile refuses it`);
        assert.match(readError.message, expected.readError);
        // The editor hands over whatever it decoded: that text too ends in findings or RDS000, never an exception.
        const editorText = readFileSync(join(HOSTILE, name), 'utf8');
        const lossy = lintChecked([{ uri: name, text: editorText }], `${name} as editor text`);
        if (expected.editorText === 'rds000') parseErrorOf(lossy, name);
        return;
      }
      assert.equal(readError, undefined, `${name}: readTemplateFile reads it (${readError?.message})`);
      assert.ok(result);
      if (expected && 'rds000' in expected) {
        const error = parseErrorOf(result, name);
        assert.match(error.message, expected.rds000);
        const text = result.documents.get(name)!.text;
        assert.ok(rangeInside(error.range, text), `${name}: RDS000 range inside the text`);
        if (expected.at !== undefined) {
          assert.ok(text.slice(error.range.start).startsWith(expected.at) || text.slice(error.range.start, error.range.end).includes(expected.at),
            `${name}: RDS000 at ${JSON.stringify(expected.at)}, got ${showRange(text, error.range)}`);
        }
        assert.equal(result.findings.length, 1, `${name}: nothing else is reported from a file that cannot be read`);
      } else if (expected && 'findings' in expected) {
        const got = summary(result);
        assert.ok(!got.some((g) => g.startsWith('RDS000')), `${name}: reads without RDS000: ${got.join(', ')}`);
        for (const f of expected.findings) assert.ok(got.includes(f), `${name}: ${f} among ${got.join(', ')}`);
        for (const a of expected.absent ?? []) {
          assert.ok(!got.some((g) => g === a || g.startsWith(`${a} `) || g.endsWith(` ${a}`)), `${name}: nothing for ${a}`);
          assert.ok(!result.topology.instances.some((i) => i.id === a), `${name}: ${a} is no instance`);
        }
        if (expected.instances !== undefined) assert.equal(result.topology.instances.length, expected.instances, `${name}: instances`);
        assertFixesRoundTrip(result, name);
      }
      // Generous: the alias bomb takes about half a second alone, several times that on a loaded CI machine.
      assert.ok(Date.now() - started < 20_000, `${name}: done in under 20 s (${Date.now() - started} ms)`);
    });
  }

  it('a fixture read as editor text (lossy UTF-8) gives the same result as read from disk, when it is valid UTF-8', () => {
    for (const name of hostileFiles) {
      const { result } = lintFile(name);
      if (!result) continue;
      const editor = lintDocuments([{ uri: name, text: readFileSync(join(HOSTILE, name), 'utf8') }]);
      assert.deepEqual(summary(editor), summary(result), name);
    }
  });
});

describe('deep nesting: a located RDS000 in milliseconds, no stack overflow', () => {
  const N = 100_000;
  const cfn = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Tags: ';
  const jsonHead = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"Tags": ';
  const cases: Record<string, () => string> = {
    'flow-sequences.yaml': () => `${cfn}${'['.repeat(N)}${']'.repeat(N)}\n`,
    'flow-maps.yaml': () => `${cfn}${'{a: '.repeat(N)}1${'}'.repeat(N)}\n`,
    'unclosed-flow.yaml': () => `${cfn}${'['.repeat(N)}\n`,
    'compact-sequences.yaml': () => `${cfn}\n        ${'- '.repeat(N)}x\n`,
    'nested-functions.yaml': () => `${cfn}${'!If [c, '.repeat(N / 10)}x${']'.repeat(N / 10)}\n`,
    'tagged-anchored.yaml': () => `${cfn}${'&a !Sub ['.repeat(N / 10)}x${']'.repeat(N / 10)}\n`,
    'arrays.json': () => `${jsonHead}${'['.repeat(N)}${']'.repeat(N)}}}}}`,
    'objects.json': () => `${jsonHead}${'{"a":'.repeat(N)}1${'}'.repeat(N)}}}}}`,
    'functions.json': () => `${jsonHead}${'{"Fn::If": ["c", '.repeat(N / 10)}1${']}'.repeat(N / 10)}}}}}`,
    'unclosed.tf.json': () => `{"resource": ${'['.repeat(N)}`,
  };
  for (const [name, generate] of Object.entries(cases)) {
    it(`${name}: ${N.toLocaleString('en')} levels`, () => {
      const path = join(temp, name);
      writeFileSync(path, generate());
      const read = readTemplateFile(path, DEFAULT_CONFIG.maxFileBytes);
      assert.ok(read.ok);
      const started = Date.now();
      const result = lintChecked([{ uri: name, text: read.text }], name);
      const ms = Date.now() - started;
      const error = parseErrorOf(result, name);
      assert.match(error.message, new RegExp(`^Nesting deeper than ${MAX_NESTING_DEPTH} levels is not read$`));
      assert.ok(error.range.start > 0 && error.range.start < read.text.length / 2, `${name}: located at the level past the limit (${error.range.start})`);
      assert.ok(ms < 1500, `${name}: ${ms} ms`);
    });
  }

  it('a block map nested 3,000 levels by indentation ends in RDS000 (the yaml package catches its own overflow)', () => {
    const text = `${cfn}\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(8 + i)}a:`).join('\n')} 1\n`;
    const result = lintChecked([{ uri: 'indented.yaml', text }]);
    assert.match(parseErrorOf(result, 'indented.yaml').message, /nested too deeply|Nesting deeper than/);
  });

  it('Terraform templates nested 100,000 levels inside one string are not evaluated, and do not overflow', () => {
    const text = JSON.stringify({ resource: { aws_db_instance: { a: { engine: `\${${'('.repeat(N)}1${')'.repeat(N)}}`, identifier: '${'.repeat(N), instance_class: `\${${'['.repeat(N)}` } } } });
    const result = lintChecked([{ uri: 'deep-template.tf.json', text }]);
    assert.deepEqual(result.topology.instances.map((i) => i.id), ['aws_db_instance.a']);
    assert.equal(result.topology.instances[0].engine.known, false);
  });

  it('the pre-scan refuses nothing a real template holds: brackets in plain text, quotes, comments and block scalars', () => {
    const deep = '['.repeat(MAX_NESTING_DEPTH + 10);
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      `Description: see ${deep}`,
      `# ${deep}`,
      'Resources:',
      '  Db:',
      '    Type: AWS::RDS::DBInstance',
      '    Metadata:',
      `      Quoted: "${deep}"`,
      `      Single: '${deep}'`,
      '      Script: |',
      `        ${deep}`,
      `        ${'- '.repeat(MAX_NESTING_DEPTH + 10)}`,
      '      Folded: >-',
      `        {${deep}`,
      '    Properties:',
      '      Engine: mysql',
      '      Tags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    ].join('\n');
    assert.equal(excessiveNestingAt(text), undefined);
    const result = lintChecked([{ uri: 'brackets.yaml', text }]);
    assert.equal(result.documents.get('brackets.yaml')!.problem, undefined);
    assert.equal(result.topology.instances.length, 1);
  });
});

describe('size limit', () => {
  const template = (padding: number) =>
    `AWSTemplateFormatVersion: "2010-09-09"\nDescription: "${'x'.repeat(padding)}"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql}\n`;

  it('defaults to 4 MB', () => {
    assert.equal(DEFAULT_MAX_FILE_BYTES, 4 * 1024 * 1024);
    assert.equal(DEFAULT_CONFIG.maxFileBytes, DEFAULT_MAX_FILE_BYTES);
  });

  it('a configured maxFileBytes turns a larger text into RDS000 that names the limit and the setting', () => {
    const config = { ...DEFAULT_CONFIG, maxFileBytes: 1000 };
    const text = template(2000);
    const doc = analyzeDocument({ uri: 'big.yaml', text }, config);
    assert.equal(doc.model, undefined);
    assert.match(doc.problem!.message, /^The file is \d+ bytes, over the 1000-byte limit \(maxFileBytes\); it is not linted$/);
    const result = lintDocuments([{ uri: 'big.yaml', text }], { config });
    assert.equal(parseErrorOf(result, 'big.yaml').range.start, 0);
    // Under the limit, the same template is linted.
    assert.equal(analyzeDocument({ uri: 'small.yaml', text: template(10) }, config).problem, undefined);
  });

  it('counts UTF-8 bytes, as the file on disk has them, not UTF-16 characters', () => {
    const config = { ...DEFAULT_CONFIG, maxFileBytes: 1000 };
    const text = template(0).replace('""', `"${'é'.repeat(450)}"`); // under 1000 characters, over 1000 bytes
    assert.ok(text.length < 1000 && Buffer.byteLength(text) > 1000);
    assert.match(analyzeDocument({ uri: 'accents.yaml', text }, config).problem!.message, /over the 1000-byte limit/);
  });

  it('readTemplateFile refuses a file over the limit before reading it', () => {
    const path = join(temp, 'big.template.yaml');
    writeFileSync(path, template(5000));
    const read = readTemplateFile(path, 1000);
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.message : '', /^The file is \d+ bytes, over the 1000-byte limit \(maxFileBytes\); it is not linted$/);
    assert.ok(readTemplateFile(path, 1_000_000).ok);
  });

  it('a file over the default 4 MB is refused with the default configuration', () => {
    const path = join(temp, 'huge.template.json');
    writeFileSync(path, Buffer.alloc(DEFAULT_MAX_FILE_BYTES + 1, 0x20));
    const read = readTemplateFile(path, DEFAULT_CONFIG.maxFileBytes);
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.message : '', new RegExp(`over the ${DEFAULT_MAX_FILE_BYTES}-byte limit`));
  });
});

describe('readTemplateFile: binary, invalid UTF-8, byte order mark', () => {
  it('a NUL byte makes a binary file', () => {
    const read = readTemplateFile(join(HOSTILE, 'binary.template.yaml'), DEFAULT_CONFIG.maxFileBytes);
    assert.deepEqual(read, { ok: false, message: 'This is a binary file (a NUL byte at byte 8), not a template', offset: 0 });
  });

  it('invalid UTF-8 is reported at the first bad byte, with the UTF-16 offset of what decoded before it', () => {
    const bytes = readFileSync(join(HOSTILE, 'invalid-utf8.yaml'));
    const bad = bytes.indexOf(0xff);
    const read = readTemplateFile(join(HOSTILE, 'invalid-utf8.yaml'), DEFAULT_CONFIG.maxFileBytes);
    assert.equal(read.ok, false);
    if (read.ok) return;
    assert.equal(read.message, `The file is not valid UTF-8 (byte ${bad}); templates must be UTF-8`);
    // Two two-byte characters before it: the offset counts characters, where an editor would put the cursor.
    assert.equal(read.offset, bad - 2);
    assert.ok(readFileSync(join(HOSTILE, 'invalid-utf8.yaml'), 'utf8').slice(0, read.offset).endsWith('{Engine: "my'));
  });

  it('a UTF-8 byte order mark is read, and the template is linted', () => {
    const read = readTemplateFile(join(HOSTILE, 'bom-crlf.yaml'), DEFAULT_CONFIG.maxFileBytes);
    assert.ok(read.ok);
    const result = lintChecked([{ uri: 'bom-crlf.yaml', text: read.text }]);
    assert.deepEqual(summary(result).filter((s) => s.startsWith('RDS101')), ['RDS101 Orders']);
  });

  it('the same template with a BOM in the editor text: ranges count the BOM', () => {
    const text = readFileSync(join(HOSTILE, 'bom-crlf.yaml'), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const result = lintChecked([{ uri: 'bom-crlf.yaml', text }]);
    const f = result.findings.find((x) => x.ruleId === 'RDS101')!;
    assert.equal(text.slice(f.range.start, f.range.end), 'BackupRetentionPeriod: 0');
  });
});

describe('replication tangles: linear walks, right counts', () => {
  for (const [format, write, uri, id] of [
    ['CloudFormation YAML', tangleAsCloudFormation, 'tangle.yaml', tangleIds.cloudformation],
    ['Terraform JSON', tangleAsTerraform, 'tangle.tf.json', tangleIds.terraform],
  ] as const) {
    it(`30,000 instances with random sources, cycles, a 10,000-long chain and a 2,000-replica star (${format})`, () => {
      const tangle = generateTangle(30_000, 20_240_607);
      const text = write(tangle);
      const started = Date.now();
      const result = lintDocuments([{ uri, text }]);
      const ms = Date.now() - started;
      console.log(`tangle (${format}): ${text.length.toLocaleString('en')} characters, linted in ${ms} ms`);
      const count = (id: string) => result.findings.filter((f) => f.ruleId === id).length;
      assert.equal(result.documents.get(uri)!.problem, undefined);
      assert.equal(result.topology.instances.length, tangle.expected.instances);
      assert.equal(result.topology.edges.filter((e) => e.kind === 'replication').length, tangle.expected.replicationEdges);
      assert.equal(count('RDS302'), tangle.expected.rds302, 'RDS302: every instance on a cycle');
      assert.equal(count('RDS303'), tangle.expected.rds303, 'RDS303: every replica more than 3 levels below its root');
      assert.equal(count('RDS301'), tangle.expected.rds301, 'RDS301: every source with more than 5 direct replicas');
      assert.ok(ms < 120_000, `linted in ${ms} ms`);
      // What hovers and the diagram ask for: the recovery profile at both ends of the long chain (no recursion).
      const chainEnd = result.topology.instances.find((i) => i.id === id(tangle.chainEnd))!;
      assert.ok(recoveryProfile(chainEnd, result.topology), 'the deepest replica gets the profile of its root');
      for (const root of result.topology.instances.filter((i) => i.role === 'standalone' && i.replicas.length > 0).slice(0, 50)) {
        assert.doesNotThrow(() => recoveryProfile(root, result.topology));
      }
    });
  }

  it('recovery profiles walk a 30,000-long replica chain without recursion', () => {
    const resources = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [
      `db${i}`, i === 0 ? { engine: 'mysql' } : { replicate_source_db: `\${aws_db_instance.db${i - 1}.identifier}` },
    ]));
    const text = JSON.stringify({ resource: { aws_db_instance: resources } });
    const result = lintDocuments([{ uri: 'chain.tf.json', text }]);
    assert.equal(result.findings.filter((f) => f.ruleId === 'RDS303').length, 30_000 - 4);
    const [root] = result.topology.instances;
    const profile = recoveryProfile(root, result.topology);
    assert.ok(profile, 'a profile for the root');
    assert.ok(recoveryProfile(result.topology.instances.at(-1)!, result.topology), 'the last replica gets its root profile');
  });
});
