/** Shown when the page runs without the app's bridge (opened in a plain browser tab). */
export function NoBridge() {
  return (
    <main className="no-bridge">
      <h1>This window is not connected to the app</h1>
      <p>The inbox runs inside the desktop app. Start it with <code>npm start</code>.</p>
    </main>
  );
}
