// Issue 14's exhaustion inputs, as benchmark figures (never unit tests): a
// minified one-line template with 45,000 instances (135,000 findings; 5.9 MB,
// so linted with --max-file-size 8m), a Terraform replica chain and a
// CloudFormation YAML replica chain at the default size limit
// (DEFAULT_MAX_FILE_BYTES, 4 MB), and glob patterns that
// make a backtracking matcher run for minutes. Each lint is one CLI process
// under GNU time: wall time, CPU time and peak resident memory.
//
// `measureHostile({ cli, dir, quick })` writes the inputs into `dir` and
// returns the measurements; bench/run.mjs prints them (figure `hostile`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MB = 1024 * 1024;

function write(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return path;
  writeFileSync(path, text);
  return path;
}

/** A minified JSON template: `n` Single-AZ instances without backups, three findings each. */
function oneLineTemplate(n) {
  const resources = {};
  for (let i = 0; i < n; i++) resources[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', BackupRetentionPeriod: 0 } };
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

/** Terraform: instances each a read replica of the one before, up to about `bytes`. */
function terraformChain(bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const source = i === 0 ? 'null' : `aws_db_instance.db${i - 1}.identifier`;
    const block = `resource "aws_db_instance" "db${i}" {\n  engine                  = "mysql"\n  instance_class          = "db.t3.micro"\n  allocated_storage       = 20\n  backup_retention_period = 7\n  replicate_source_db     = ${source}\n  tags = {\n    Name = "db${i}"\n  }\n}\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** CloudFormation YAML: the same replica chain with !Ref, up to about `bytes`. */
function yamlChain(bytes) {
  const parts = ['AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const source = i === 0 ? '' : `      SourceDBInstanceIdentifier: !Ref Db${i - 1}\n`;
    const block = `  Db${i}:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n${source}      BackupRetentionPeriod: 7\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** One CLI run under GNU time (when present): wall ms, CPU ms, peak RSS bytes, exit status. */
function measure(cli, args, cwd) {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const command = time ?? process.execPath;
  const fullArgs = time ? ['-f', 'rdscope-bench %U %S %M', process.execPath, cli, ...args] : [cli, ...args];
  const t0 = performance.now();
  const r = spawnSync(command, fullArgs, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const m = /rdscope-bench ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr.toString());
  const internal = /internal error[^\n]*/.exec(r.stderr.toString());
  return { ms, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined, rssBytes: m ? Number(m[3]) * 1024 : undefined, status: r.status, error: internal?.[0] };
}

export function measureHostile({ cli, dir, quick }) {
  mkdirSync(join(dir, 'tf-chain'), { recursive: true });
  const instances = quick ? 10_000 : 45_000;
  const limit = 4 * MB - 64 * 1024;
  const chainBytes = quick ? MB : limit;
  const inputs = [
    { name: `one-line JSON, ${instances.toLocaleString('en')} instances`, file: write(join(dir, `one-line-${instances}.json`), oneLineTemplate(instances)), args: ['--max-file-size', '8m'] },
    { name: `Terraform replica chain, ${(chainBytes / MB).toFixed(1)} MB`, file: write(join(dir, 'tf-chain', 'main.tf'), terraformChain(chainBytes)), path: join(dir, 'tf-chain') },
    { name: `YAML replica chain, ${(chainBytes / MB).toFixed(1)} MB`, file: write(join(dir, `chain-${chainBytes}.yaml`), yamlChain(chainBytes)) },
  ];
  const out = [];
  for (const input of inputs) {
    const r = measure(cli, ['lint', input.path ?? input.file, '--format', 'json', '-o', '/dev/null', ...input.args ?? []], dir);
    out.push({ name: input.name, bytes: readFileSync(input.file).length, ...r });
  }
  // Globs that backtrack in a RegExp translation: a .gitignore and a configuration full of them, a long name.
  const globs = join(dir, 'globs');
  const deep = join(globs, ...Array.from({ length: 40 }, () => 'x'));
  mkdirSync(deep, { recursive: true });
  write(join(deep, `${'a'.repeat(80)}.yaml`), 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
  write(join(globs, '.gitignore'), `${Array.from({ length: 200 }, (_, i) => `${'*a'.repeat(40)}*b${i}.yaml`).join('\n')}\n`);
  write(join(globs, '.rdscope.yaml'), `exclude:\n${Array.from({ length: 200 }, (_, i) => `  - "${'**/'.repeat(40)}y${i}/*.yaml"`).join('\n')}\n`);
  out.push({ name: '200 backtracking patterns in .gitignore and exclude, 40-deep path', bytes: 0, ...measure(cli, ['lint', '.', '-o', '/dev/null'], globs) });
  return out;
}
