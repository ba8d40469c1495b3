import {
  isLinkForm, literal, nullable, object, boundedString, arrayOf, SNIPPET_LANGUAGES,
  type LinkForm, type SnippetLanguage, type Guard,
} from '../../core/protocol';

/** What survives hiding the panel (getState/setState) and a reload (the serializer hands it back). */
export interface LinkBuilderState {
  form: LinkForm;
  accountId: string | null;
  touched: string[];
  language: SnippetLanguage;
  redirectUrl: string;
}

export const initialState = (): LinkBuilderState => ({
  form: { resourceType: 'bill', fields: {} },
  accountId: null,
  touched: [],
  language: 'node',
  redirectUrl: '',
});

/** getState() returns whatever an older build stored: check it like any other input. */
export const isLinkBuilderState: Guard<LinkBuilderState> = object({
  form: isLinkForm,
  accountId: nullable(boundedString(256)),
  touched: arrayOf(boundedString(64), 100),
  language: literal(...SNIPPET_LANGUAGES),
  redirectUrl: boundedString(16_000),
});
