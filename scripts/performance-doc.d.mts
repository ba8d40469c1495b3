export interface Guard { what: string; goal: string; measured: string; met: boolean }
export interface BenchResultFile { bench: string; date: string; machine: Record<string, unknown>; guards: Guard[]; figures: object }
export declare function renderPerformanceDoc(results: BenchResultFile[], notes: string): string;
