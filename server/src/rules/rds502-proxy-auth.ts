/**
 * RDS502 proxy-auth: a proxy needs credentials to log in to the database.
 *
 * Fact (RDS-FACTS: RDS Proxy): the proxy reads database credentials from a
 * Secrets Manager secret named in an `Auth` entry (`SecretArn`), unless it
 * uses end-to-end IAM authentication (`DefaultAuthScheme: IAM_AUTH`)
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam.html).
 * An Auth list that is computed, or a scheme that cannot be known, is silence.
 */
import type { Attr, DbProxy } from '../model/topology';
import type { Rule, RuleReport } from './types';
import { writtenRange } from './wording';

export const rds502: Rule = {
  id: 'RDS502',
  name: 'proxy-auth',
  defaultSeverity: 'error',
  summary: 'A proxy has no Auth entry with a Secrets Manager secret, and no default IAM authentication.',
  description:
    'The proxy logs in to the database on behalf of its clients, so it needs credentials: an Auth / auth entry naming a Secrets Manager secret '
    + '(SecretArn / secret_arn, read with the proxy\'s RoleArn), or end-to-end IAM database authentication as the default scheme '
    + '(DefaultAuthScheme: IAM_AUTH). Without either the proxy cannot open any connection and RDS rejects it. Does not fire when the Auth list or '
    + 'the scheme cannot be known statically.',
  check(topology) {
    const reports: RuleReport[] = [];
    for (const proxy of topology.proxies) {
      const auth = proxy.auth;
      if (auth !== undefined && (!auth.known || auth.value.withSecret > 0)) continue;
      const scheme = proxy.defaultAuthScheme;
      if (scheme !== undefined && (!scheme.known || scheme.value.toUpperCase() === 'IAM_AUTH')) continue;
      const n = names(proxy, auth, scheme);
      const what = auth === undefined
        ? `has no ${n.auth}`
        : auth.value.entries === 0 ? `has an empty ${n.auth} list` : `has no ${n.auth} entry with a ${n.secret}`;
      const schemeText = scheme === undefined ? `no ${n.scheme}` : `${n.scheme} ${scheme.text ?? scheme.value} (not IAM_AUTH)`;
      reports.push({
        entity: proxy,
        range: auth !== undefined ? writtenRange(auth) : undefined,
        message: `Proxy ${proxy.id} has no credentials for the database (no secret, no IAM auth): RDS rejects it`,
        detail: `Proxy ${proxy.id} ${what} and ${schemeText}: the proxy has no credentials to log in to the database, so RDS rejects it and no `
          + `connection can be opened. Add an ${n.auth} entry whose ${n.secret} names the Secrets Manager secret of the database user (readable `
          + `through ${n.role}), or use end-to-end IAM authentication with ${n.iam}.`,
      });
    }
    return reports;
  },
};

function names(proxy: DbProxy, auth: Attr<unknown> | undefined, scheme: Attr<unknown> | undefined) {
  const cfn = proxy.provider === 'cloudformation';
  return {
    auth: auth?.key ?? (cfn ? 'Auth' : 'auth'),
    secret: cfn ? 'SecretArn' : 'secret_arn',
    role: cfn ? 'RoleArn' : 'role_arn',
    scheme: scheme?.key ?? (cfn ? 'DefaultAuthScheme' : 'default_auth_scheme'),
    iam: cfn ? 'DefaultAuthScheme: IAM_AUTH' : 'default_auth_scheme = "IAM_AUTH"',
  };
}

/** The whole `Key: value` of a written property. */
