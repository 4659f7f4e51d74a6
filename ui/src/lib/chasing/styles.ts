/** Shared Tailwind classes for the form controls of the Chasing and Plan screens. */

/** A text box or select, 2.25rem high, with the app's focus ring. */
export const FIELD =
  'h-9 rounded-lg border border-line-strong bg-surface px-2.5 text-sm text-fg shadow-card placeholder:text-subtle focus:border-accent focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-[var(--focus)] disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-warning';

/** A file input that looks like a secondary button followed by the chosen file's name. */
export const FILE_INPUT =
  'block w-full text-sm text-muted file:mr-3 file:h-9 file:cursor-pointer file:rounded-lg file:border file:border-solid file:border-line-strong file:bg-surface file:px-3.5 file:text-sm file:font-semibold file:text-fg file:shadow-card hover:file:bg-surface-2 disabled:cursor-not-allowed disabled:opacity-60';
