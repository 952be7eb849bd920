// "Go to source": opens the file and line a span reported, found in this workspace even when the
// app ran elsewhere (a container, another checkout) and reported a path that is not ours.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { CodeLocation } from '../../receiver/src/contract/model';
import { baseName, bestSuffixMatch, describeLocation, editorPosition } from './source-path';

const MAX_CANDIDATES = 500;

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Glob metacharacters in a file name, each made literal with a one-character class. */
function globLiteral(name: string): string {
  return name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

export async function resolveSource(reported: string): Promise<vscode.Uri | null> {
  if (isAbsolute(reported) && isFile(reported)) return vscode.Uri.file(reported);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file' || isAbsolute(reported)) continue;
    const p = join(folder.uri.fsPath, reported);
    if (isFile(p)) return vscode.Uri.file(p);
  }
  const name = baseName(reported);
  if (!name) return null;
  const found = await vscode.workspace.findFiles(`**/${globLiteral(name)}`, '**/node_modules/**', MAX_CANDIDATES);
  const best = bestSuffixMatch(reported, found.map((u) => u.path));
  return found.find((u) => u.path === best) ?? null;
}

/** Opens the location in the editor, centred; says so plainly when the file is not here. */
export async function goToSource(code: CodeLocation, log: (line: string) => void): Promise<boolean> {
  const uri = await resolveSource(code.filepath);
  if (!uri) {
    log(`go to source: ${describeLocation(code)} not found in the workspace`);
    void vscode.window.showWarningMessage(`LLM Trace Lens: ${describeLocation(code)} is not in this workspace (no file ends with that path).`);
    return false;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const p = editorPosition(code);
  const line = Math.min(p.line, Math.max(0, doc.lineCount - 1));
  const position = new vscode.Position(line, Math.min(p.character, doc.lineAt(line).text.length));
  const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), preview: true, viewColumn: vscode.ViewColumn.One });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  log(`go to source: opened ${uri.fsPath}:${line + 1}`);
  return true;
}
