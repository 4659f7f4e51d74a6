import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const api = await import('./index');

/** The parts of an error the UI branches on and shows. */
function summary(error: unknown) {
  const { code, message } = error as { code: string; message: string };
  return { code, message };
}

describe('commands', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('call Rust with the contract’s command names and camelCase argument keys', async () => {
    invoke.mockResolvedValue('ok');
    const query = {
      tab: 'chasing',
      search: 'bak',
      sort: 'name',
      descending: false,
      offset: 200,
      limit: 200,
    } as const;
    await api.appStatus();
    await api.createDemo();
    await api.listCustomers(query);
    await api.setCustomerChasing(7, false);
    await api.setAllChasing(true);
    await api.undoChange(42);
    await api.customerDetail(7);
    expect(invoke.mock.calls).toEqual([
      ['app_status', undefined],
      ['create_demo', undefined],
      ['list_customers', { query }],
      ['set_customer_chasing', { customerId: 7, chasing: false }],
      ['set_all_chasing', { chasing: true }],
      ['undo_change', { auditId: 42 }],
      ['customer_detail', { customerId: 7 }],
    ]);
  });

  it('turn a Rust {code, message} rejection into an ApiError', async () => {
    invoke.mockRejectedValue({ code: 'undo_unavailable', message: 'Already undone.' });
    const error = await api.undoChange(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.ApiError);
    expect(summary(error)).toEqual({ code: 'undo_unavailable', message: 'Already undone.' });
  });
});

describe('ApiError.from', () => {
  it('keeps known codes and maps unknown ones to internal', () => {
    expect(summary(api.ApiError.from({ code: 'database_locked', message: 'Locked' }))).toEqual({
      code: 'database_locked',
      message: 'Locked',
    });
    expect(summary(api.ApiError.from({ code: 'surprise', message: 'Hm' }))).toEqual({
      code: 'internal',
      message: 'Hm',
    });
  });

  it('wraps plain errors and strings', () => {
    expect(
      api.ApiError.from(new TypeError('window.__TAURI_INTERNALS__ is undefined')),
    ).toMatchObject({
      code: 'internal',
      message: 'window.__TAURI_INTERNALS__ is undefined',
    });
    expect(summary(api.ApiError.from('no such command'))).toEqual({
      code: 'internal',
      message: 'no such command',
    });
    expect(api.ApiError.from(undefined).code).toBe('internal');
  });

  it('returns an ApiError unchanged', () => {
    const error = new api.ApiError('not_found', 'Gone');
    expect(api.ApiError.from(error)).toBe(error);
  });
});
