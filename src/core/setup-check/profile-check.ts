/**
 * signed-in-server: when the server VS Code is signed in to is not the one clearml.conf names, the extension (tree,
 * commands) and the SDK (scripts, agents) talk to different servers, so "all good" for clearml.conf says nothing about
 * the signed-in one. This checks it too and says which is which.
 */
import { classifyFailure, describeAnswer, envelopeOf } from './classify';
import type { CheckContext } from './context';
import { hostOf, ping } from './reachability';
import type { Finding, SignedInProfile } from './types';

/** Same server: same scheme, host, port and path (case of the host and trailing slashes aside). */
export function sameServer(a: string, b: string): boolean {
  const norm = (url: string): string => {
    try {
      const u = new URL(url.trim());
      return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return url.trim().replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

/** The profile's server differs from clearml.conf's (an unset clearml.conf server counts as different). */
export function profileDiffers(ctx: CheckContext, profile: SignedInProfile | undefined): profile is SignedInProfile {
  return !!profile && !(ctx.setup.apiServer && sameServer(profile.apiServer, ctx.setup.apiServer));
}

export async function signedInServerFinding(ctx: CheckContext, profile: SignedInProfile): Promise<Finding> {
  const host = hostOf(profile.apiServer);
  const who = `the server VS Code is signed in to (profile "${profile.label}", ${host})`;
  const conf = ctx.setup.apiServer ? `clearml.conf names ${hostOf(ctx.setup.apiServer)} (checked above), which your scripts and agents use` : 'clearml.conf names no API server';
  const r = await ping(ctx, profile.apiServer);
  if (r.ok && envelopeOf(r)) {
    return {
      check: 'signed-in-server', status: 'ok',
      message: `VS Code is signed in to ${host} (profile "${profile.label}"), which answers as ClearML; ${conf}. The ClearML view and its commands use ${host}.`,
      detail: `debug.ping → HTTP ${r.status} in ${r.ms} ms`,
    };
  }
  const advice = `The ClearML view and its commands use this server; ${conf}. Start it, or sign in to a server that works (ClearML: Sign In).`;
  if (r.ok) {
    return {
      check: 'signed-in-server', status: 'error', cause: r.status >= 500 ? 'http-error' : 'not-clearml',
      message: `${who.charAt(0).toUpperCase()}${who.slice(1)} answers HTTP ${r.status} without a ClearML response. ${advice}`,
      detail: `debug.ping → ${describeAnswer(r)}`,
    };
  }
  const failure = classifyFailure(r);
  return {
    check: 'signed-in-server', status: 'error', cause: failure.cause,
    message: `${who.charAt(0).toUpperCase()}${who.slice(1)} ${failure.what}. ${advice}`,
    detail: failure.detail,
  };
}
