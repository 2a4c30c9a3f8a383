/**
 * The status bar item shown while a framework file is active: frameworks, goals,
 * objectives and problems in the workspace. Clicking it opens the Problems panel.
 */
import { StatusBarAlignment, window } from 'vscode';
import type { Disposable, StatusBarItem, TextEditor } from 'vscode';
import type { WorkspaceCounts } from '../../server/src/protocol';

export class FrameworkStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private counts: WorkspaceCounts | undefined;

  constructor(private readonly languageId: string) {
    this.item = window.createStatusBarItem(
      'strategicFrameworks.status',
      StatusBarAlignment.Left,
      10,
    );
    this.item.name = 'Strategic Frameworks';
    this.item.command = 'workbench.actions.view.problems';
  }

  /** The text now shown, for tests and for the view's accessibility label. */
  get text(): string {
    return this.item.text;
  }

  update(counts: WorkspaceCounts): void {
    this.counts = counts;
    const plural = (count: number, word: string): string =>
      `${count} ${word}${count === 1 ? '' : 's'}`;
    this.item.text = `$(target) ${plural(counts.frameworks, 'framework')} · ${plural(counts.goals, 'goal')} · ${plural(counts.objectives, 'objective')}  $(error) ${counts.errors} $(warning) ${counts.warnings}`;
    this.item.tooltip = `${plural(counts.files, 'framework file')} in the workspace. Click to open the Problems panel.`;
    this.follow(window.activeTextEditor);
  }

  /** Shown only while a framework file is the active editor. */
  follow(editor: TextEditor | undefined): void {
    if (this.counts && editor?.document.languageId === this.languageId) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
