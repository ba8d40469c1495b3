export type Purpose = 'start' | 'test';
export interface System {
  platform: string;
  arch: string;
  fileExists(path: string): boolean;
  onPath(command: string): boolean;
  isRoot(): boolean;
  sudoWithoutPassword(): boolean;
}
export interface Prerequisite {
  pkg: string;
  why: string;
  present(system: System): boolean;
  names?: Partial<Record<'dnf' | 'zypper' | 'pacman' | 'apk', string>>;
  optional?: boolean;
}
export type Plan =
  | { action: 'none' }
  | { action: 'install'; as: 'root' | 'sudo'; packages: string[]; commands: string[][]; announce: string }
  | { action: 'stop'; message: string }
  | { action: 'note'; message: string };
export declare const HOST_BUILD: Prerequisite[];
export declare const TEST_BROWSER: Prerequisite[];
export declare const TEST_RUNTIMES: Prerequisite[];
export declare function prerequisitesFor(purpose: Purpose, o: { hostInstalled: boolean }): Prerequisite[];
export declare function planSystemPackages(purpose: Purpose, o: { hostInstalled: boolean; system: System }): Plan;
export declare class MissingSystemPackageError extends Error {}
export declare function ensureSystemPackages(
  purpose: Purpose,
  o: { hostInstalled: boolean; system?: System; run?: (argv: string[]) => number; log?: (line: string) => void },
): 'present' | 'installed' | 'noted';
export declare function requireSystemPackages(prerequisites: Prerequisite[], o?: { system?: System; command?: string }): void;
export declare function localSystem(): System;
