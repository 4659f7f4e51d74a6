/**
 * Development only (`npm run dev` in a plain browser, never bundled into the app): answers the
 * Tauri commands from an in-memory demo business so the UI can be worked on without Rust.
 * URL parameters: ?customers=20000 (how many), ?fresh (start on Welcome), ?error=database_locked
 * (app_status fails once), ?latency=120 (ms per command).
 */
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AppStatus,
  ChangeReceipt,
  CustomerDetail,
  CustomerPage,
  CustomerQuery,
  CustomerRowView,
  InvoiceRowView,
  OrganisationView,
} from '$lib/api';

interface DevCustomer {
  row: CustomerRowView;
  invoices: InvoiceRowView[];
  outstandingPence: number;
  overduePence: number;
}

const FIRST = [
  'Bright',
  'Harbour',
  'Oak',
  'Northern',
  'Little',
  'Green',
  'Silver',
  'Copper',
  'Blue',
  'Old Town',
  'Riverside',
  'Maple',
  'Kingfisher',
  'Hilltop',
  'Corner',
  'Fox',
];
const SECOND = [
  'Bakery',
  'Plumbing',
  'Florists',
  'Joinery',
  'Dental',
  'Café',
  'Garage',
  'Books',
  'Electrical',
  'Design',
  'Catering',
  'Print Co',
  'Yoga',
  'Vets',
  'Brewing',
  'Builders',
];
const SUFFIX = ['', ' Ltd', ' & Sons', ' LLP', ' Studio', ''];
const PEOPLE = [
  'Amara Okafor',
  'Ben Walsh',
  'Chloe Martin',
  'Dev Patel',
  'Eilidh Ross',
  'Farah Khan',
  'George Hill',
  'Hana Sato',
];
const SCHEDULES = ['Friendly (default)', 'Firm', 'Key accounts', null];

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const money = (pence: number) =>
  `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
const day = (offset: number) =>
  new Date(Date.UTC(2025, 5, 16) + offset * 86_400_000).toISOString().slice(0, 10);

function makeCustomer(id: number): DevCustomer {
  const next = random(id * 7919);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const name = `${pick(FIRST)} ${pick(SECOND)}${pick(SUFFIX)}${id > 256 ? ` ${id}` : ''}`;
  const invoices: InvoiceRowView[] = [];
  const count = 1 + Math.floor(next() * 5);
  let outstandingPence = 0;
  let overduePence = 0;
  const byCurrency = new Map<string, { out: number; over: number; n: number }>();
  for (let i = 0; i < count; i++) {
    const currency = next() < 0.1 ? pick(['EUR', 'USD']) : 'GBP';
    const total = Math.floor(next() * 400_000) + 2_500;
    const paid = next() < 0.2;
    const due = paid ? 0 : next() < 0.3 ? Math.floor(total / 2) : total;
    const issued = -Math.floor(next() * 120);
    const dueOffset = issued + 30;
    const daysOverdue = due > 0 ? Math.max(0, -dueOffset) : 0;
    const rate = currency === 'GBP' ? 1 : currency === 'EUR' ? 0.85 : 0.79;
    outstandingPence += Math.round(due * rate);
    if (daysOverdue > 0) overduePence += Math.round(due * rate);
    const entry = byCurrency.get(currency) ?? { out: 0, over: 0, n: 0 };
    entry.out += due;
    entry.over += daysOverdue > 0 ? due : 0;
    entry.n += due > 0 ? 1 : 0;
    byCurrency.set(currency, entry);
    invoices.push({
      id: id * 100 + i,
      number: `INV-${String(id * 10 + i).padStart(5, '0')}`,
      reference: next() < 0.5 ? `PO ${Math.floor(next() * 9000) + 1000}` : '',
      status: paid ? 'PAID' : 'AUTHORISED',
      statusLabel: paid ? 'Paid' : 'Awaiting payment',
      issueDate: day(issued),
      dueDate: day(dueOffset),
      currency,
      total: money(total),
      amountDue: money(due),
      daysOverdue,
      chasing: true,
    });
  }
  const sent =
    next() < 0.6
      ? new Date(
          Date.UTC(2025, 5, 16) - Math.floor(next() * 40) * 86_400_000 + 9 * 3_600_000,
        ).toISOString()
      : null;
  return {
    outstandingPence,
    overduePence,
    invoices,
    row: {
      id,
      name,
      archived: next() < 0.03,
      chasing: next() < 0.8,
      schedule: pick(SCHEDULES),
      openInvoices: invoices.filter((inv) => inv.amountDue !== '0.00').length,
      outstanding: money(outstandingPence),
      overdue: money(overduePence),
      balances: [...byCurrency].map(([currency, b]) => ({
        currency,
        outstanding: money(b.out),
        overdue: money(b.over),
        openInvoices: b.n,
      })),
      lastReminderAt: sent,
      nextReminderAt:
        next() < 0.7
          ? new Date(Date.UTC(2025, 5, 17 + Math.floor(next() * 20), 9)).toISOString()
          : null,
    },
  };
}

const demoOrganisation = (): OrganisationView => ({
  id: 1,
  name: 'Hearth & Loaf Bakery (demo)',
  country: 'GB',
  timezone: 'Europe/London',
  baseCurrency: 'GBP',
  isDemo: true,
  today: '2025-06-16',
});

function compare(a: DevCustomer, b: DevCustomer, sort: CustomerQuery['sort']): number {
  switch (sort) {
    case 'name':
      return a.row.name.localeCompare(b.row.name);
    case 'outstanding':
      return a.outstandingPence - b.outstandingPence;
    case 'overdue':
      return a.overduePence - b.overduePence;
    case 'last_reminder':
      return (a.row.lastReminderAt ?? '').localeCompare(b.row.lastReminderAt ?? '');
    case 'next_reminder':
      return (a.row.nextReminderAt ?? '9').localeCompare(b.row.nextReminderAt ?? '9');
  }
}

export function installDevBackend(params: URLSearchParams): void {
  const total = Number(params.get('customers') ?? 2000);
  const latency = Number(params.get('latency') ?? 60);
  let failOnce = params.get('error');
  let organisation: OrganisationView | null = params.has('fresh') ? null : demoOrganisation();
  const customers = Array.from({ length: total }, (_, i) => makeCustomer(i + 1));
  const byId = new Map(customers.map((c) => [c.row.id, c]));
  const audits = new Map<
    number,
    { undo: Map<number, boolean>; summary: string; undone: boolean }
  >();
  let nextAudit = 1;
  let version = 0;
  let cached: { key: string; matching: DevCustomer[]; page: CustomerPage } | null = null;

  function setChasing(targets: DevCustomer[], chasing: boolean, summary: string): ChangeReceipt {
    const undo = new Map<number, boolean>();
    let invoices = 0;
    for (const c of targets) {
      undo.set(c.row.id, c.row.chasing);
      c.row = { ...c.row, chasing };
      c.invoices = c.invoices.map((inv) => ({ ...inv, chasing }));
      invoices += c.row.openInvoices;
    }
    version++;
    const auditId = nextAudit++;
    const text = summary.replace(
      '{invoices}',
      `${invoices} ${invoices === 1 ? 'invoice' : 'invoices'}`,
    );
    audits.set(auditId, { undo, summary: text, undone: false });
    return { auditId, summary: text, customers: targets.length, invoices };
  }

  const commands: Record<string, (args: Record<string, unknown>) => unknown> = {
    app_status: (): AppStatus => {
      if (failOnce) {
        const code = failOnce;
        failOnce = null;
        throw {
          code,
          message:
            'The database at /home/demo/.local/share/settle/settle.db is locked by another process.',
        };
      }
      return { organisation, dataDir: '/home/demo/.local/share/settle' };
    },
    create_demo: () => (organisation = demoOrganisation()),
    list_customers: (args): CustomerPage => {
      const query = args.query as CustomerQuery;
      const key = `${version}|${query.tab}|${query.search}|${query.sort}|${query.descending}`;
      if (cached?.key !== key) {
        const wanted = query.tab === 'chasing';
        const needle = query.search.toLowerCase();
        const matching = customers.filter(
          (c) => c.row.chasing === wanted && c.row.name.toLowerCase().includes(needle),
        );
        matching.sort(
          (a, b) => compare(a, b, query.sort) * (query.descending ? -1 : 1) || a.row.id - b.row.id,
        );
        const chasing = customers.filter((c) => c.row.chasing).length;
        cached = {
          key,
          matching,
          page: {
            counts: { chasing, notChasing: customers.length - chasing },
            matched: matching.length,
            outstanding: money(matching.reduce((s, c) => s + c.outstandingPence, 0)),
            overdue: money(matching.reduce((s, c) => s + c.overduePence, 0)),
            baseCurrency: 'GBP',
            rows: [],
          },
        };
      }
      return {
        ...cached.page,
        rows: cached.matching.slice(query.offset, query.offset + query.limit).map((c) => c.row),
      };
    },
    set_customer_chasing: (args) => {
      const c = byId.get(args.customerId as number);
      if (!c) throw { code: 'not_found', message: 'That customer no longer exists.' };
      const chasing = args.chasing as boolean;
      return setChasing(
        [c],
        chasing,
        `${chasing ? 'Started' : 'Stopped'} chasing ${c.row.name} and {invoices}.`,
      );
    },
    set_all_chasing: (args) => {
      const chasing = args.chasing as boolean;
      const targets = customers.filter((c) => c.row.chasing !== chasing);
      return setChasing(
        targets,
        chasing,
        `${chasing ? 'Started' : 'Stopped'} chasing ${targets.length} customers and {invoices}.`,
      );
    },
    undo_change: (args): ChangeReceipt => {
      const audit = audits.get(args.auditId as number);
      if (!audit || audit.undone)
        throw { code: 'undo_unavailable', message: 'That change can no longer be undone.' };
      audit.undone = true;
      version++;
      for (const [id, chasing] of audit.undo) {
        const c = byId.get(id)!;
        c.row = { ...c.row, chasing };
        c.invoices = c.invoices.map((inv) => ({ ...inv, chasing }));
      }
      return {
        auditId: nextAudit++,
        summary: `Undone: ${audit.summary}`,
        customers: audit.undo.size,
        invoices: 0,
      };
    },
    customer_detail: (args): CustomerDetail => {
      const c = byId.get(args.customerId as number);
      if (!c) throw { code: 'not_found', message: 'That customer no longer exists.' };
      const [first, last] = PEOPLE[c.row.id % PEOPLE.length]!.split(' ') as [string, string];
      const slug = c.row.name.toLowerCase().replace(/[^a-z]+/g, '');
      return {
        ...c.row,
        firstName: first,
        lastName: last,
        email: c.row.id % 9 === 0 ? null : `accounts@${slug}.example`,
        baseCurrency: 'GBP',
        persons: [
          {
            name: PEOPLE[(c.row.id + 3) % PEOPLE.length]!,
            email: `owner@${slug}.example`,
            includeInEmails: true,
            roles: ['Director'],
          },
          {
            name: PEOPLE[(c.row.id + 5) % PEOPLE.length]!,
            email: null,
            includeInEmails: false,
            roles: ['Accounts Payable', 'Purchasing'],
          },
        ],
        phones: [
          { kind: 'Office', number: '+44 20 7946 0' + String(c.row.id % 1000).padStart(3, '0') },
        ],
        addresses: [
          { kind: 'Postal', lines: ['12 Market Street', 'Bristol', 'BS1 4DJ', 'United Kingdom'] },
        ],
        invoices: c.invoices,
        timeline: [
          {
            at: '2025-06-02T08:00:00Z',
            kind: 'message',
            title: 'Friendly reminder sent',
            detail: `Email to accounts@${slug}.example about ${c.invoices[0]!.number}`,
          },
          {
            at: '2025-06-10T14:31:00Z',
            kind: 'change',
            title: 'Chasing started',
            detail: 'By you, from the customers overview',
          },
          {
            at: '2025-05-20T09:00:00Z',
            kind: 'message',
            title: 'New invoice sent',
            detail: `${c.invoices[0]!.number} for ${c.invoices[0]!.total} ${c.invoices[0]!.currency}`,
          },
        ],
      };
    },
  };

  mockIPC(async (cmd, args) => {
    await new Promise((resolve) => setTimeout(resolve, latency));
    const handler = commands[cmd];
    if (!handler) throw { code: 'internal', message: `No such command: ${cmd}` };
    return handler((args ?? {}) as Record<string, unknown>);
  });
}
