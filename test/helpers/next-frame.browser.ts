// In a test page: resolves once the next frame has been rendered (not merely scheduled).
export function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      // A message posted in the frame's callbacks runs after that frame's rendering.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(null);
    }),
  );
}
