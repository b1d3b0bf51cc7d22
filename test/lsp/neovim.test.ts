/**
 * rdscope in an editor other than VS Code: real headless Neovim (Debian's
 * `neovim`, 0.7 or later) starts `rdscope-language-server --stdio` (the
 * package.json bin), opens a template from disk and receives rdscope's
 * diagnostics: rule codes, short messages, the rule page link. The Lua is
 * what the README's "Other editors" section tells Neovim users to write
 * (vim.lsp.start_client + buf_attach_client, which Neovim 0.7 has too).
 * scripts/ensure-neovim.mjs installs Neovim when it is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, REPO_ROOT } from '../helpers';

const BIN = join(REPO_ROOT, 'bin', 'rdscope-language-server.js');

interface NvimDiagnostic {
  readonly lnum: number;
  readonly col: number;
  readonly severity: number;
  readonly code?: string;
  readonly message: string;
  readonly source?: string;
  readonly href?: string;
}

describe('Neovim (headless) with rdscope-language-server', () => {
  let dir: string;
  before(() => {
    const install = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'ensure-neovim.mjs')], { stdio: 'inherit' });
    assert.equal(install.status, 0, 'scripts/ensure-neovim.mjs makes nvim available');
    dir = mkdtempSync(join(tmpdir(), 'rdscope-nvim-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('package.json declares the bin', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin['rdscope-language-server'], 'bin/rdscope-language-server.js');
  });

  it('opens a template and receives rdscope diagnostics', () => {
    const out = join(dir, 'diagnostics.json');
    const script = join(dir, 'rdscope.lua');
    writeFileSync(script, `
local out = ${JSON.stringify(out)}
local function finish(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local client_id = vim.lsp.start_client({
  name = 'rdscope',
  cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(BIN)}, '--stdio' },
  root_dir = ${JSON.stringify(fixture('lsp'))},
})
if not client_id then finish({ error = 'the client did not start' }) return end
vim.lsp.buf_attach_client(0, client_id)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= 4 end, 100)
local list = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(list, {
    lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source,
    code = lsp.code, href = lsp.codeDescription and lsp.codeDescription.href or nil,
  })
end
finish({ ok = ok, diagnostics = list })
`);
    const nvim = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--cmd', 'set filetype=yaml', '-c', `luafile ${script}`, fixture('lsp', 'orders.yaml')], {
      encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
    });
    assert.equal(nvim.error, undefined, `nvim ran: ${nvim.error}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { ok?: boolean; error?: string; diagnostics?: NvimDiagnostic[] };
    assert.equal(result.error, undefined);
    assert.equal(result.ok, true, `diagnostics arrived within 30 s: ${JSON.stringify(result)}\n${nvim.stderr}`);
    const diagnostics = result.diagnostics!;
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['RDS101', 'RDS103', 'RDS104', 'RDS106', 'RDS201']);
    const rds201 = diagnostics.find((d) => d.code === 'RDS201')!;
    assert.equal(rds201.message, 'Orders is Single-AZ (by default): a host or AZ failure takes it down');
    assert.equal(rds201.source, 'rdscope');
    assert.equal(rds201.severity, 2, 'vim.diagnostic.severity.WARN');
    assert.equal(rds201.lnum, 5, 'on the Orders logical id (0-based line 5)');
    // No network needed: the link is the page shipped with the package.
    assert.match(rds201.href!, /^file:\/\/.*\/docs\/rules\/RDS201\.md$/);
    for (const d of diagnostics) assert.ok(d.message.length <= 120, d.message);
  });
});
