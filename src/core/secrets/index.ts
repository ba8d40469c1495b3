export * from './SecretFinding';
export * from './scanTextForSecrets';
export * from './environmentVariableReplacement';
export { classifyKeyName, type KeyClass } from './classifyKeyName';
export { looksBinary } from './looksBinary';
