import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { ApiError } from './error';

/** The one place that calls into Rust: every rejection becomes an ApiError. */
export async function command<T>(name: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(name, args);
  } catch (reason) {
    throw ApiError.from(reason);
  }
}
