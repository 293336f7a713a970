/**
 * Feature detection (contract §6): the token's feature_set says "basic" on the open-source server (no vaults,
 * gateway tokens or multiple workspaces); otherwise the call is tried and 404/0 "Unable to find endpoint" means
 * the server lacks it. Both become FeatureUnavailableError so the UI can explain instead of failing.
 */
import { FeatureUnavailableError, isEndpointMissing, type Feature } from './errors';
import type { TokenClaims } from './types';

const NEEDS_ADVANCED: ReadonlySet<Feature> = new Set<Feature>(['vaults', 'gatewayTokens', 'workspaces', 'invites']);

const EXPLAIN: Record<Feature, string> = {
  vaults: 'configuration vaults are an Enterprise/hosted feature',
  gatewayTokens: 'AI application gateway tokens are an Enterprise/hosted feature',
  workspaces: 'multiple workspaces are a hosted-service feature',
  invites: 'inviting users is a hosted-service feature',
  telemetry: 'the usage statistics option exists only on self-hosted open-source servers',
  dottedPreferences: 'dotted preference keys need server 2.2.0 (API 2.33) or later',
};

/** Throws when the token already tells the feature cannot exist on this server. */
export function checkFeatureByClaims(feature: Feature, endpoint: string, claims: TokenClaims): void {
  if (NEEDS_ADVANCED.has(feature) && claims.featureSet === 'basic') {
    throw new FeatureUnavailableError(feature, endpoint, `the server reports feature_set "basic" (open-source ClearML server); ${EXPLAIN[feature]}`);
  }
}

/** Converts a 404/0 "Unable to find endpoint" into FeatureUnavailableError; returns other errors unchanged. */
export function asFeatureError(feature: Feature, endpoint: string, e: unknown): unknown {
  if (isEndpointMissing(e)) return new FeatureUnavailableError(feature, endpoint, `${e.serverMessage}; ${EXPLAIN[feature]}`);
  return e;
}
