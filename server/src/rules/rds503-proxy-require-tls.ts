/**
 * RDS503 proxy-require-tls: a proxy that accepts plain-text connections.
 *
 * Fact (RDS-FACTS: RDS Proxy): `RequireTLS` / `require_tls` defaults to false;
 * then the proxy also accepts unencrypted client connections
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls).
 */
import type { Attr } from '../model/topology';
import { setIntent } from './recovery';
import type { Rule, RuleReport } from './types';
import { inputNote, inputsNote, writtenRange } from './wording';

export const rds503: Rule = {
  id: 'RDS503',
  name: 'proxy-require-tls',
  defaultSeverity: 'warning',
  summary: 'A proxy does not require TLS (RequireTLS / require_tls absent or false).',
  offers: ['suggestion'],
  description:
    'Without RequireTLS / require_tls (default false) the proxy also accepts unencrypted client connections, so credentials and query results '
    + 'can cross the network in clear text. With it, the proxy refuses plain-text connections. Enable TLS in the clients (and trust the Amazon '
    + 'root CA) before switching it on for an existing proxy. Does not fire when the value cannot be known statically.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const proxy of topology.proxies) {
      const tls = proxy.requireTls;
      if (!tls.known || tls.value !== false) continue;
      const written = tls.origin !== 'aws-default';
      const cfn = proxy.provider === 'cloudformation';
      const setText = cfn ? `${tls.key}: true` : `${tls.key} = true`;
      // A value from a parameter or variable default is fixed where the default is, not here.
      const intent = setIntent(proxy, tls, true);
      reports.push({
        entity: proxy,
        range: written ? writtenRange(tls) : undefined,
        message: `Proxy ${proxy.id} does not require TLS${inputNote(tls)}: traffic may be unencrypted`,
        detail: (written
          ? `Proxy ${proxy.id} sets ${tls.key} to ${tls.text ?? 'false'}${originNote(tls)}`
          : `Proxy ${proxy.id} leaves ${tls.key} unset, and it defaults to false`)
          + ': the proxy accepts plain-text client connections, so database credentials and query results can cross the network unencrypted. '
          + `Set ${setText} once the clients connect with TLS.`
          + inputsNote(tls),
        fix: intent ? { kind: 'suggestion', title: `Set ${setText}`, intents: [intent] } : undefined,
      });
    }
    return reports;
  },
};

function originNote(attr: Attr<unknown>): string {
  if (!attr.known) return '';
  if (attr.origin === 'parameter-default') return ' (the default of the parameter it references)';
  if (attr.origin === 'variable-default') return ' (the default of the variable it references)';
  return '';
}

/** The whole `Key: value` of a written property. */
