/**
 * The user's existing ClearML setup as the welcome view and the tree know it (`clearml.detectedConfig`,
 * `clearml.detectedSource`). Reading clearml.conf needs the config parser, which loads on the first refresh.
 */
import * as vscode from 'vscode';
import type { DetectedSetup } from './discovery';

export class SetupDetector {
  private detected: DetectedSetup | undefined;
  get current(): DetectedSetup | undefined { return this.detected; }

  /** Re-reads the files and environment and updates the welcome view's context keys. */
  async refresh(): Promise<DetectedSetup | undefined> {
    const { detectSetup, setupSource } = await import('./discovery');
    this.detected = await detectSetup();
    void vscode.commands.executeCommand('setContext', 'clearml.detectedConfig', !!this.detected?.complete);
    void vscode.commands.executeCommand('setContext', 'clearml.detectedSource', setupSource(this.detected));
    return this.detected;
  }
}
