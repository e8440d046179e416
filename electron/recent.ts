/**
 * Which calls open a workspace, so the shell can add it to the OS's recent documents
 * (`app.addRecentDocument`) and rebuild File → Open Recent, whoever opened it (the Home page, the
 * menu, a file association, a drop).
 */

/** The methods whose answer is the workspace now open. */
const OPENING_METHODS = new Set(['workspace/open', 'workspace/create', 'workspace/openDemo']);

/** The path of the workspace a successful call opened, or null when the call opens none. */
export function workspaceOpenedBy(method: string, result: unknown): string | null {
  if (!OPENING_METHODS.has(method) || typeof result !== 'object' || result === null) return null;
  // workspace/openDemo answers { jobId, workspace }; the others the WorkspaceInfo itself.
  const info = 'workspace' in result ? (result as { workspace: unknown }).workspace : result;
  const path = typeof info === 'object' && info !== null ? (info as { path?: unknown }).path : undefined;
  return typeof path === 'string' && path ? path : null;
}
