/** Whether a request failed in transport only (a keep-alive connection the server closed while idle, a race seen under load). */
export const transient = (error: unknown): boolean =>
  ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes((error as { cause?: { code?: string } }).cause?.code ?? '');

/** `attempt`, tried up to three times when only its connection failed; any other failure (and the third) is thrown. */
export async function retryingTransient<T>(
  attempt: () => Promise<T>,
  onGivingUp: (error: unknown) => unknown = (error) => error,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!transient(error) || tries === 3) throw onGivingUp(error);
    }
  }
}

/** A request that failed in transport, as the error a differential run stops with: where, why, and on what. */
export const failedAt = (url: string, error: unknown, on = ''): Error =>
  new Error(
    `${url} failed (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})${on && ` on ${on}`}`,
    { cause: error },
  );
