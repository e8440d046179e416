/**
 * Server-sent events read with `fetch`, because EventSource cannot send headers and the access token
 * travels only as a header (token.ts). Parses `event:`/`data:` frames, and reconnects after a drop
 * (1 s, doubling to at most 15 s) until stopped.
 */

/** One parsed frame. */
export interface SseFrame {
  event: string;
  data: string;
}

/**
 * Splits complete frames off the front of `buffer`; returns them and the unfinished rest.
 * Comment lines (`: ping`) are skipped; a frame without `event:` is a `message`.
 * @example parseFrames('event: job/done\ndata: {"a":1}\n\n: ping\n\nevent: x') // frames [{event:'job/done',data:'{"a":1}'}], rest 'event: x'
 */
export function parseFrames(buffer: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) frames.push({ event, data: data.join('\n') });
  }
  return { frames, rest };
}

/** Streams `url`'s events to `onFrame` with `headers()` on each (re)connect; returns a stop function. */
export function streamEvents(url: string, headers: () => Record<string, string>, onFrame: (frame: SseFrame) => void): () => void {
  const controller = new AbortController();
  let delay = 1000;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers() }, signal: controller.signal });
        if (res.ok && res.body) {
          delay = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseFrames(buffer + value);
            buffer = parsed.rest;
            for (const frame of parsed.frames) onFrame(frame);
          }
        }
      } catch {
        // dropped or refused: try again below unless stopped
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void run();
  return () => controller.abort();
}
