/** The names of the doctor's read-only probes, as its trace and the assumption lists use them. */
export const PROBE_CONVERSATIONS = 'list conversations';
export const PROBE_NEXT_PAGE = 'list conversations, next page';
export const PROBE_MESSAGES = 'list messages';
