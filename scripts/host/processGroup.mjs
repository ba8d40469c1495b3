// Servers are started detached (their own process group) so that stopping them
// also stops their children: a plain SIGTERM to VS Code's server leaves a
// file-watcher process behind (../../../shared/notes/real-vscode-host.md).

/** Signals the whole group; ignores a group that is already gone. */
export function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (e) {
    if (e.code === 'ESRCH') return false;
    throw e;
  }
}

/**
 * SIGTERM to the group, then SIGKILL to whatever of the group remains once the
 * leader has exited or `graceMs` has passed.
 */
export async function stopGroup(child, graceMs = 3000) {
  if (child.pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child.pid, 'SIGTERM');
  let timer;
  await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, graceMs); })]);
  clearTimeout(timer);
  signalGroup(child.pid, 'SIGKILL');
}

/** Last resort from a synchronous 'exit' handler. */
export function killGroupNow(child) {
  if (child?.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
}
