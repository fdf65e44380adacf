// Helpers for the process groups that the end-to-end tests start. An editor leaves extension hosts and
// language servers behind when only its main process is killed, so every editor is started in a process
// group of its own and stopped by signalling the whole group.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The live (non-zombie) processes of a process group. Zombies are left out because the init process of some
 * containers never reaps orphans, and a group of zombies holds nothing worth waiting for.
 */
export function liveMembersOfProcessGroup(processGroupId: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // The process ended while /proc was being read.
    }
    // The command name in parentheses may contain spaces, so the fields are counted after its last ')'.
    const [state, , processGroup] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(processGroup) === processGroupId && state !== 'Z') members.push(Number(entry));
  }
  return members;
}

export function signalProcessGroup(processGroupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-processGroupId, signal);
  } catch {
    // The group is already gone, which is what the caller wants.
  }
}

/** Sends SIGTERM to the group, then SIGKILL to whatever is still running after the grace period. */
export async function stopProcessGroup(processGroupId: number, gracePeriodMs = 5_000): Promise<void> {
  signalProcessGroup(processGroupId, 'SIGTERM');
  const deadline = Date.now() + gracePeriodMs;
  while (Date.now() < deadline && liveMembersOfProcessGroup(processGroupId).length > 0) await sleep(100);
  if (liveMembersOfProcessGroup(processGroupId).length > 0) signalProcessGroup(processGroupId, 'SIGKILL');
}

/**
 * Kills the group with SIGKILL if this Node process exits before the group was stopped normally (an
 * uncaught exception, process.exit in a test runner). Returns the function that removes the safeguard.
 */
export function killProcessGroupOnExit(processGroupId: number): () => void {
  const killGroup = (): void => signalProcessGroup(processGroupId, 'SIGKILL');
  process.once('exit', killGroup);
  return () => process.removeListener('exit', killGroup);
}
