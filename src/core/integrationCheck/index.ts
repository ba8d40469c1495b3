export * from './IntegrationCheckReport';
export * from './specCitations';
export * from './runIntegrationCheck';
export * from './renderReportMarkdown';
export * from './renderReportText';
export { redactUrl } from './redactUrl';
export type { RedirectCheckOptions } from './redirectRoundTrip';
