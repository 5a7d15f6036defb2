/**
 * Saved replies for the renderer: filling in placeholders and checking snippets before they are
 * saved. The pure code lives in src/shared/snippets.ts, so the core's tests run it under Node.
 */
export * from '../../shared/snippets';
