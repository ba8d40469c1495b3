export * from './ValidationError';
export * from './fieldChecks';
export * from './connectParams';
export * from './validateConnectParams';
export * from './parseApiDate';
export * from './connectTimestamp';
export * from './parseApiBoolean';
