/** An error shown where it happened, with an optional retry; the rest of the app keeps working. */
export function ErrorNote({ error, onRetry, what }: { error: string | null | undefined; onRetry?(): void; what?: string }) {
  if (!error) return null;
  return (
    <div className="error-note" role="alert">
      <span>
        {what ? `${what}: ` : ''}
        {error}
      </span>
      {onRetry && (
        <button className="ghost small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
