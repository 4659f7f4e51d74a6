//! What the owner sets up for sending: templates (seeded from the five built-ins, checked before
//! they are saved, previewed on a real invoice), senders, SMTP settings (the password goes to the
//! keychain under `smtp.password.<organisation id>`, never SQLite) and auto-approve rules.
//! Must not: send anything (sending.rs) or write SQL.

use std::str::FromStr;

use rust_decimal::Decimal;
use settle_core::schedule::Channel;
use settle_core::secret::Secret;
use settle_core::template::{builtin_templates, check_template, render_email, EmailTemplate};
use settle_db::{StoredAutoApproveRule, StoredSender, StoredSmtpSettings, StoredTemplate};

use crate::{
    AutoApproveRuleView, Engine, EngineError, SenderView, SmtpSettingsView, TemplateErrorView,
    TemplatePreviewView, TemplateView, XeroSettings,
};

/// The keychain name of an organisation's SMTP password.
pub fn smtp_secret_name(org: i64) -> String {
    format!("smtp.password.{org}")
}

impl Engine {
    pub(crate) async fn seed_templates(&self, org: i64) -> Result<(), EngineError> {
        let builtins: Vec<StoredTemplate> = builtin_templates()
            .into_iter()
            .map(|b| StoredTemplate {
                key: b.key.to_owned(),
                name: b.name.to_owned(),
                subject: b.template.subject,
                body: b.template.body,
            })
            .collect();
        // First use (templates just seeded): ship the best-practice cadence that uses them.
        // Later deleting it is respected: it is not added again.
        if self.db.seed_templates(org, &builtins, self.now()).await? > 0 {
            self.add_best_practice_cadence(org).await?;
        }
        Ok(())
    }

    pub async fn templates(&self) -> Result<Vec<TemplateView>, EngineError> {
        let org = self.current().await?;
        self.seed_templates(org.id).await?;
        Ok(self
            .db
            .templates(org.id)
            .await?
            .into_iter()
            .map(template_view)
            .collect())
    }

    /// Saves a template; one with an error is refused with the error and its line.
    pub async fn save_template(&self, template: TemplateView) -> Result<TemplateView, EngineError> {
        let org = self.current().await?;
        let key = template.key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(EngineError::InvalidInput(format!(
                "'{key}' cannot be a template key: use lowercase letters and _ (e.g. past_due)."
            )));
        }
        let email = EmailTemplate {
            subject: template.subject.clone(),
            body: template.body.clone(),
        };
        check_template(&email).map_err(|e| {
            EngineError::InvalidInput(format!(
                "The template was not saved: {e}. Correct it and save again."
            ))
        })?;
        let stored = StoredTemplate {
            key: key.to_owned(),
            name: template.name.trim().to_owned(),
            subject: template.subject,
            body: template.body,
        };
        self.db.save_template(org.id, &stored, self.now()).await?;
        Ok(template_view(stored))
    }

    /// Renders `template` with invoice `invoice_id`'s own facts (its customer, amounts, dates).
    pub async fn preview_template(
        &self,
        template: TemplateView,
        invoice_id: i64,
    ) -> Result<TemplatePreviewView, EngineError> {
        let org = self.current().await?;
        let ctx = self.invoice_context(&org, invoice_id).await?;
        let email = EmailTemplate {
            subject: template.subject,
            body: template.body,
        };
        Ok(match render_email(&email, &ctx) {
            Ok(r) => TemplatePreviewView {
                subject: r.subject,
                text: r.text,
                html: r.html,
                error: None,
            },
            Err(e) => TemplatePreviewView {
                subject: String::new(),
                text: String::new(),
                html: String::new(),
                error: Some(TemplateErrorView {
                    part: e.part.as_str().to_owned(),
                    line: e.line.map(|l| l as u32),
                    message: e.message.clone(),
                }),
            },
        })
    }

    pub async fn senders(&self) -> Result<Vec<SenderView>, EngineError> {
        let org = self.current().await?;
        Ok(self
            .db
            .senders(org.id)
            .await?
            .into_iter()
            .map(|s| SenderView {
                escalated: s.escalated,
                name: s.name,
                email: s.email,
                signature: s.signature,
            })
            .collect())
    }

    pub async fn save_sender(&self, sender: SenderView) -> Result<SenderView, EngineError> {
        let org = self.current().await?;
        let email = sender.email.trim();
        if !looks_like_address(email) {
            return Err(EngineError::InvalidInput(format!(
                "'{email}' is not an email address: give the address reminders come from (e.g. \
                 accounts@yourbusiness.com)."
            )));
        }
        self.db
            .save_sender(
                org.id,
                &StoredSender {
                    escalated: sender.escalated,
                    name: sender.name.trim().to_owned(),
                    email: email.to_owned(),
                    signature: sender.signature.clone(),
                },
            )
            .await?;
        Ok(SenderView {
            email: email.to_owned(),
            ..sender
        })
    }

    pub async fn smtp_settings(
        &self,
        secrets: &XeroSettings,
    ) -> Result<Option<SmtpSettingsView>, EngineError> {
        let org = self.current().await?;
        let Some(stored) = self.db.smtp_settings(org.id).await? else {
            return Ok(None);
        };
        let has_password = self.smtp_password(org.id, secrets).await?.is_some();
        Ok(Some(SmtpSettingsView {
            host: stored.host,
            port: stored.port,
            security: stored.security,
            username: stored.username,
            extra_root_certificate_pem: stored.extra_root_certificate_pem,
            has_password,
        }))
    }

    /// Saves the settings; a given password goes to the keychain (and never anywhere else).
    pub async fn save_smtp_settings(
        &self,
        settings: SmtpSettingsView,
        password: Option<Secret>,
        secrets: &XeroSettings,
    ) -> Result<SmtpSettingsView, EngineError> {
        let org = self.current().await?;
        if settings.host.trim().is_empty() || settings.port == 0 {
            return Err(EngineError::InvalidInput(
                "Give the SMTP server's host name and port (e.g. smtp.example.com, 587).".into(),
            ));
        }
        if !matches!(settings.security.as_str(), "starttls" | "implicit_tls") {
            return Err(EngineError::InvalidInput(format!(
                "Security '{}' is not known: use starttls (usually port 587) or implicit_tls \
                 (465).",
                settings.security
            )));
        }
        if let Some(pem) = &settings.extra_root_certificate_pem {
            if !pem.contains("-----BEGIN CERTIFICATE-----") {
                return Err(EngineError::InvalidInput(
                    "The extra root certificate is not a PEM certificate (it should start with \
                     -----BEGIN CERTIFICATE-----)."
                        .into(),
                ));
            }
        }
        if let Some(password) = password {
            let store = secrets.secret_store();
            let name = smtp_secret_name(org.id);
            tokio::task::spawn_blocking(move || store.set(&name, &password))
                .await
                .map_err(|e| EngineError::InvalidInput(e.to_string()))?
                .map_err(|e| EngineError::InvalidInput(e.to_string()))?;
        }
        self.db
            .save_smtp_settings(
                org.id,
                &StoredSmtpSettings {
                    host: settings.host.trim().to_owned(),
                    port: settings.port,
                    security: settings.security.clone(),
                    username: settings.username.trim().to_owned(),
                    extra_root_certificate_pem: settings.extra_root_certificate_pem.clone(),
                },
                self.now(),
            )
            .await?;
        Ok(self.smtp_settings(secrets).await?.unwrap_or(settings))
    }

    pub(crate) async fn smtp_password(
        &self,
        org: i64,
        secrets: &XeroSettings,
    ) -> Result<Option<Secret>, EngineError> {
        let store = secrets.secret_store();
        let name = smtp_secret_name(org);
        tokio::task::spawn_blocking(move || store.get(&name))
            .await
            .map_err(|e| EngineError::InvalidInput(e.to_string()))?
            .map_err(|e| EngineError::InvalidInput(e.to_string()))
    }

    pub async fn auto_approve_rules(&self) -> Result<Vec<AutoApproveRuleView>, EngineError> {
        let org = self.current().await?;
        Ok(self
            .db
            .auto_approve_rules(org.id)
            .await?
            .into_iter()
            .map(|r| AutoApproveRuleView {
                id: Some(r.id),
                name: r.name,
                channel: r.channel.as_str().to_owned(),
                template_key: r.template_key,
                when: r.trigger_side,
                max_amount: r.max_amount.map(|a| a.normalize().to_string()),
            })
            .collect())
    }

    /// Replaces the rules (checked first: a bad rule saves none).
    pub async fn save_auto_approve_rules(
        &self,
        rules: Vec<AutoApproveRuleView>,
    ) -> Result<Vec<AutoApproveRuleView>, EngineError> {
        let org = self.current().await?;
        let mut stored = Vec::with_capacity(rules.len());
        for rule in rules {
            let channel = Channel::parse(&rule.channel).ok_or_else(|| {
                EngineError::InvalidInput(format!(
                    "Rule '{}': channel '{}' is not email, sms or letter.",
                    rule.name, rule.channel
                ))
            })?;
            if !matches!(rule.when.as_str(), "before_due" | "after_due" | "any") {
                return Err(EngineError::InvalidInput(format!(
                    "Rule '{}': 'when' must be before_due, after_due or any.",
                    rule.name
                )));
            }
            let max_amount = rule
                .max_amount
                .as_deref()
                .map(|a| {
                    Decimal::from_str(a.trim())
                        .ok()
                        .filter(|d| *d >= Decimal::ZERO)
                        .ok_or_else(|| {
                            EngineError::InvalidInput(format!(
                                "Rule '{}': '{a}' is not an amount (write it like 500.00).",
                                rule.name
                            ))
                        })
                })
                .transpose()?;
            stored.push(StoredAutoApproveRule {
                id: 0,
                name: rule.name.trim().to_owned(),
                channel,
                template_key: rule.template_key.filter(|k| !k.trim().is_empty()),
                trigger_side: rule.when,
                max_amount,
            });
        }
        self.db
            .replace_auto_approve_rules(org.id, &stored, self.now())
            .await?;
        self.auto_approve_rules().await
    }
}

fn template_view(t: StoredTemplate) -> TemplateView {
    TemplateView {
        key: t.key,
        name: t.name,
        subject: t.subject,
        body: t.body,
    }
}

/// A plain check before the real one (settle-mail refuses what cannot be an address at send).
pub(crate) fn looks_like_address(address: &str) -> bool {
    let address = address.trim();
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.contains(char::is_whitespace)
                && !address.contains(',')
        }
        None => false,
    }
}
