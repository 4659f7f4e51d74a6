export { ApiError } from './error';
export { appStatus, createDemo } from './organisation';
export { customerDetail, listCustomers, setAllChasing, setCustomerChasing } from './customers';
export { undoChange } from './changes';
export {
  clearCustomerSchedule,
  customerSchedule,
  setCustomerSchedule,
  setCustomerStatement,
} from './customerSchedules';

export type { AddressView } from '$lib/bindings/AddressView';
export type { AppStatus } from '$lib/bindings/AppStatus';
export type { BalanceView } from '$lib/bindings/BalanceView';
export type { ChangeReceipt } from '$lib/bindings/ChangeReceipt';
export type { CustomerDetail } from '$lib/bindings/CustomerDetail';
export type { CustomerPage } from '$lib/bindings/CustomerPage';
export type { CustomerQuery } from '$lib/bindings/CustomerQuery';
export type { CustomerRowView } from '$lib/bindings/CustomerRowView';
export type { CustomerLoopView } from '$lib/bindings/CustomerLoopView';
export type { CustomerOccurrenceView } from '$lib/bindings/CustomerOccurrenceView';
export type { CustomerScheduleReceipt } from '$lib/bindings/CustomerScheduleReceipt';
export type { CustomerScheduleView } from '$lib/bindings/CustomerScheduleView';
export type { ErrorCode } from '$lib/bindings/ErrorCode';
export type { InvoiceRowView } from '$lib/bindings/InvoiceRowView';
export type { IpcError } from '$lib/bindings/IpcError';
export type { OrganisationView } from '$lib/bindings/OrganisationView';
export type { PersonView } from '$lib/bindings/PersonView';
export type { PhoneView } from '$lib/bindings/PhoneView';
export type { SortKey } from '$lib/bindings/SortKey';
export type { Tab } from '$lib/bindings/Tab';
export type { TabCounts } from '$lib/bindings/TabCounts';
export type { TimelineEntry } from '$lib/bindings/TimelineEntry';
export {
  applyCadence,
  assignCadences,
  createCadence,
  deleteCadence,
  exportCadences,
  importCadences,
  listCadences,
  previewCadenceChange,
  setDefaultCadence,
  updateCadence,
} from './cadences';
export {
  applyCadenceToInvoice,
  invoiceChasing,
  previewInvoiceSteps,
  setInvoiceChasing,
  setInvoiceRecipients,
  setInvoiceSteps,
} from './invoices';
export {
  chasingSettings,
  missedReminders,
  previewPlan,
  resolveMissed,
  setHoldUntilExpectedPayment,
} from './plan';

export type { AssignmentReport } from '$lib/bindings/AssignmentReport';
export type { CadenceReceipt } from '$lib/bindings/CadenceReceipt';
export type { CadenceView } from '$lib/bindings/CadenceView';
export type { ChangePreviewView } from '$lib/bindings/ChangePreviewView';
export type { Channel } from '$lib/bindings/Channel';
export type { ChasingSettings } from '$lib/bindings/ChasingSettings';
export type { ExportReceipt } from '$lib/bindings/ExportReceipt';
export type { InvoiceChasingView } from '$lib/bindings/InvoiceChasingView';
export type { InvoiceScheduleView } from '$lib/bindings/InvoiceScheduleView';
export type { InvoicesFor } from '$lib/bindings/InvoicesFor';
export type { MissedAction } from '$lib/bindings/MissedAction';
export type { MissedCustomerView } from '$lib/bindings/MissedCustomerView';
export type { MissedReceipt } from '$lib/bindings/MissedReceipt';
export type { MissedSelection } from '$lib/bindings/MissedSelection';
export type { MissedView } from '$lib/bindings/MissedView';
export type { OccurrenceChangeView } from '$lib/bindings/OccurrenceChangeView';
export type { OccurrenceStatus } from '$lib/bindings/OccurrenceStatus';
export type { OccurrenceView } from '$lib/bindings/OccurrenceView';
export type { PreviewDayView } from '$lib/bindings/PreviewDayView';
export type { PreviewFor } from '$lib/bindings/PreviewFor';
export type { PreviewView } from '$lib/bindings/PreviewView';
export type { RecipientView } from '$lib/bindings/RecipientView';
export type { RowErrorView } from '$lib/bindings/RowErrorView';
export type { StepInput } from '$lib/bindings/StepInput';
export type { StepView } from '$lib/bindings/StepView';
export type { TriggerInput } from '$lib/bindings/TriggerInput';
export type { CustomerStatementView } from '$lib/bindings/CustomerStatementView';
export type { StatementInput } from '$lib/bindings/StatementInput';
export {
  beginXeroConnect,
  cancelSync,
  cancelXeroConnect,
  onSyncProgress,
  onXeroConnected,
  onXeroConnectFailed,
  syncNow,
  xeroStatus,
  type XeroConnectStart,
} from './xero';
export type { EntitySyncView } from '$lib/bindings/EntitySyncView';
export type { HeldRecordView } from '$lib/bindings/HeldRecordView';
export type { RateBudgetView } from '$lib/bindings/RateBudgetView';
export type { ReconcileView } from '$lib/bindings/ReconcileView';
export type { SyncProgress } from '$lib/bindings/SyncProgress';
export type { SyncReport } from '$lib/bindings/SyncReport';
export type { SyncStage } from '$lib/bindings/SyncStage';
export type { XeroConnectionView } from '$lib/bindings/XeroConnectionView';
export {
  chasingPause,
  chooseXeroOrganisation,
  onboardXeroOrganisation,
  onChasingPauseChanged,
  pauseChasing,
  resumeChasing,
  setStartingChasing,
  xeroOrganisationDetails,
} from './onboarding';
export type { ChasingPauseView } from '$lib/bindings/ChasingPauseView';
export type { OnboardedView } from '$lib/bindings/OnboardedView';
export type { XeroOrganisationDetailsView } from '$lib/bindings/XeroOrganisationDetailsView';
export type { XeroSignInView } from '$lib/bindings/XeroSignInView';
export type { XeroTenantView } from '$lib/bindings/XeroTenantView';
export {
  approvalCount,
  approvals,
  approveAll,
  approveMessages,
  autostartEnabled,
  editMessage,
  onApprovalsChanged,
  onOpenSection,
  onSendBatch,
  outgoingMessages,
  resolveInDoubt,
  retryFailed,
  setAutostart,
  skipMessages,
  type MessageState,
} from './approvals';
export type { ApprovalsView } from '$lib/bindings/ApprovalsView';
export type { InDoubtChoice } from '$lib/bindings/InDoubtChoice';
export type { MailboxView } from '$lib/bindings/MailboxView';
export type { MessageEdit } from '$lib/bindings/MessageEdit';
export type { MessageInvoiceView } from '$lib/bindings/MessageInvoiceView';
export type { OutgoingMessageView } from '$lib/bindings/OutgoingMessageView';
export type { SendReport } from '$lib/bindings/SendReport';
export {
  autoApproveRules,
  builtinTemplate,
  previewTemplate,
  saveAutoApproveRules,
  saveSender,
  saveSmtpSettings,
  saveTemplate,
  senders,
  smtpSettings,
  templatePlaceholders,
  templates,
  testSmtp,
  type PlaceholderEntry,
} from './settings';
export { customerConversation, invoiceConversation } from './conversation';
export type { ConversationEntryView } from '$lib/bindings/ConversationEntryView';
export type { SenderView } from '$lib/bindings/SenderView';
export type { SmtpSettingsView } from '$lib/bindings/SmtpSettingsView';
export type { SmtpTestView } from '$lib/bindings/SmtpTestView';
export type { TemplateView } from '$lib/bindings/TemplateView';
export type { TemplatePreviewView } from '$lib/bindings/TemplatePreviewView';
export type { TemplateErrorView } from '$lib/bindings/TemplateErrorView';
export type { AutoApproveRuleView } from '$lib/bindings/AutoApproveRuleView';
export {
  expectedPaymentDate,
  invoiceXeroLinks,
  openInvoiceLink,
  openInvoicePdf,
  setExpectedPaymentDate,
  type InvoiceLinkKind,
} from './invoiceXero';
export type { ExpectedDateWhere } from '$lib/bindings/ExpectedDateWhere';
export type { ExpectedPaymentDateView } from '$lib/bindings/ExpectedPaymentDateView';
export type { InvoiceLinksView } from '$lib/bindings/InvoiceLinksView';
export type { OpenedLinkView } from '$lib/bindings/OpenedLinkView';
