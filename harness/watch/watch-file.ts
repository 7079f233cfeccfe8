import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * Calls `onChange` once per burst of saves to `path`, `debounceMs` after the last one (an editor's
 * write-then-rename lands within a few ms of each other: vim's save, measured, fires its events on
 * the file within 2 ms). A save a burst misses is not lost either: the app aborts the check under
 * way and starts another. The debounce is part of every save → verdict, so it is short. Watches the
 * folder, not the file: editors that save by rename replace the file's inode. Returns a stop function.
 */
export function watchFile(path: string, onChange: () => void, debounceMs = 30): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const name = basename(path);
  try {
    watcher = watch(dirname(path), (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch {
    return () => {};
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
