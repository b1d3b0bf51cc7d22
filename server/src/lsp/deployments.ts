/**
 * The `.rdscope.yaml` deployments as the editor offers them: the list
 * "rdscope: Select deployment" picks from and what the status bar shows.
 * Which deployment a file is linted with is decided in scopes.ts (the same
 * config/deployments.ts rule as `rdscope lint --deployment NAME`).
 */
import { relative, sep } from 'node:path';
import type { DeploymentSpec } from '../config/config';
import { DEPLOYMENT_NONE, type DeploymentsResult, type DeploymentStatus } from './protocol';
import type { DeploymentsInUse } from './scopes';

export function deploymentsResult(inUse: DeploymentsInUse): DeploymentsResult {
  return {
    ...(inUse.choice !== undefined ? { choice: inUse.choice } : {}),
    configurations: inUse.configurations.map((c) => ({
      file: c.file,
      deployments: Object.entries(c.deployments).map(([name, spec]) => ({ name, templates: spec.templates, inputs: inputsText(spec, c.dir) })),
      ...(c.defaultDeployment !== undefined ? { defaultDeployment: c.defaultDeployment } : {}),
      ...(c.active !== undefined ? { active: c.active } : {}),
    })),
  };
}

/** For the status bar: undefined when no configuration defines deployments and none is chosen. */
export function deploymentStatus(inUse: DeploymentsInUse): DeploymentStatus | undefined {
  if (inUse.configurations.length === 0 && inUse.choice === undefined) return undefined;
  const active = [...new Set(inUse.configurations.flatMap((c) => (c.active !== undefined ? [c.active] : [])))].sort();
  const choiceUnknown = inUse.choice !== undefined && inUse.choice !== DEPLOYMENT_NONE && !inUse.configurations.some((c) => Object.hasOwn(c.deployments, inUse.choice!));
  return { active, ...(inUse.choice !== undefined ? { choice: inUse.choice } : {}), ...(choiceUnknown ? { choiceUnknown } : {}) };
}

/** `params/prod.json, Env=dev`: paths relative to the configuration's folder, inline values as NAME=VALUE. */
function inputsText(spec: DeploymentSpec, dir: string): string {
  const path = (p: string) => relative(dir, p).split(sep).join('/');
  const inputs = spec.inputs;
  const parts = [
    ...inputs.parameterFiles.map(path), ...inputs.parameters.map((p) => `${p.name}=${p.value}`),
    ...inputs.varFiles.map(path), ...inputs.vars.map((v) => `${v.name}=${v.value}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'no inputs';
}
