/**
 * Typed, validated messages from a webview. Every message is checked against the protocol's valibot schema;
 * anything else is rejected and logged without its content (it may hold a secret).
 */
import type * as vscode from 'vscode';
import * as v from 'valibot';

export interface ChannelLog { warn(message: string): void }

/** The validating dispatcher behind `onValidatedMessage`, for delivering a raw message by hand (test hooks). */
export function validatedHandler<TSchema extends v.GenericSchema>(
  schema: TSchema,
  handler: (message: v.InferOutput<TSchema>) => unknown,
  log: ChannelLog,
  /** Called for rejected messages (tests count these). */
  onRejected?: (reason: string) => void,
): (raw: unknown) => unknown {
  return (raw: unknown) => {
    const result = v.safeParse(schema, raw);
    if (!result.success) {
      const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 40) : typeof raw;
      const reason = `rejected webview message (type ${JSON.stringify(type)}): ${result.issues.map((i) => i.path?.map((p) => String(p.key)).join('.') || '<root>').join(', ')} invalid`;
      log.warn(reason);
      onRejected?.(reason);
      return undefined;
    }
    return handler(result.output);
  };
}

export function onValidatedMessage<TSchema extends v.GenericSchema>(
  webview: vscode.Webview,
  schema: TSchema,
  handler: (message: v.InferOutput<TSchema>) => unknown,
  log: ChannelLog,
  /** Called for rejected messages (tests count these). */
  onRejected?: (reason: string) => void,
): vscode.Disposable {
  const dispatch = validatedHandler(schema, handler, log, onRejected);
  return webview.onDidReceiveMessage((raw: unknown) => { void dispatch(raw); });
}
