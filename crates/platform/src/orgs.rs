//! Organisations in the database: identity, members, invitations, documents, ESUS approvals.
//! Shared by every capability (calls read an applicant's profile and vault); the `accounts`
//! module owns the pages that change them.
//!
//! Statements are built by small functions so the same query runs on a pool or inside a
//! transaction. Values reaching these functions are already parsed domain types.

use crate::db::{Db, Tx};
use crate::session::Users;
use chrono::{DateTime, NaiveDate, Utc};
use essor_domain::email::Email;
use essor_domain::esus::{EsusApproval, EsusRules, EsusStatus};
use essor_domain::identifiers::{CommuneCode, LegalCategory, Rna, Siret};
use essor_domain::ids::{DocumentId, InvitationId, OrgId, UserId};
use essor_domain::org::OrgKind;
use sea_query::{Expr, Iden, Order, Query, SelectStatement};

#[derive(Iden)]
enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    Acronym,
    Siret,
    Siren,
    Rna,
    LegalCategory,
    Address,
    CommuneCode,
    Website,
    ContactEmail,
    ContactPhone,
    VerifiedAt,
    VerifiedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(Iden)]
enum Memberships {
    Table,
    OrgId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(Iden)]
enum Invitations {
    Table,
    Id,
    OrgId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
}

#[derive(Iden)]
enum Documents {
    Table,
    Id,
    OrgId,
    Kind,
    OriginalName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    ValidUntil,
    UploadedBy,
    UploadedAt,
    ReplacedAt,
}

#[derive(Iden)]
enum EsusApprovals {
    Table,
    Id,
    OrgId,
    DecisionDate,
    Authority,
    CompanyCreated,
    ValidUntil,
    ProofDocumentId,
    CreatedAt,
}

// ---- Organisations -------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Org {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub acronym: Option<String>,
    pub siret: Option<String>,
    pub siren: Option<String>,
    pub rna: Option<String>,
    pub legal_category: Option<String>,
    pub address: String,
    pub commune_code: String,
    pub website: Option<String>,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verified_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Org {
    pub fn id(&self) -> OrgId {
        OrgId(self.id)
    }

    pub fn kind(&self) -> Option<OrgKind> {
        OrgKind::parse(&self.kind)
    }

    /// Fluent id of the kind's name (the raw value if the stored kind is unknown).
    pub fn kind_message_id(&self) -> String {
        self.kind()
            .map(|k| k.message_id().to_owned())
            .unwrap_or_else(|| self.kind.clone())
    }

    /// "552 100 554 00013", or the stored value as is.
    pub fn siret_formatted(&self) -> Option<String> {
        let s = self.siret.as_deref()?;
        Some(
            Siret::parse(s)
                .map(|s| s.formatted())
                .unwrap_or_else(|_| s.to_owned()),
        )
    }

    pub fn is_verified(&self) -> bool {
        self.verified_at.is_some()
    }
}

/// A validated organisation, as the create and edit forms produce it.
#[derive(Debug, Clone)]
pub struct OrgData {
    pub kind: OrgKind,
    pub name: String,
    pub acronym: Option<String>,
    pub siret: Option<Siret>,
    pub rna: Option<Rna>,
    pub legal_category: Option<LegalCategory>,
    pub address: String,
    pub commune: CommuneCode,
    /// An `http(s)://` address (checked by the form).
    pub website: Option<String>,
    pub contact_email: Email,
    pub contact_phone: Option<String>,
}

impl OrgData {
    /// Whether changing from `org` to this touches what staff verified (identity), in which
    /// case the verification no longer holds.
    pub fn changes_identity_of(&self, org: &Org) -> bool {
        org.kind != self.kind.as_str()
            || org.name != self.name
            || org.siret.as_deref() != self.siret.as_ref().map(|s| s.as_str())
            || org.rna.as_deref() != self.rna.as_ref().map(|r| r.as_str())
    }

    fn values(&self) -> Vec<(Organisations, sea_query::SimpleExpr)> {
        vec![
            (Organisations::Kind, self.kind.as_str().into()),
            (Organisations::Name, self.name.clone().into()),
            (Organisations::Acronym, self.acronym.clone().into()),
            (
                Organisations::Siret,
                self.siret.as_ref().map(|s| s.to_string()).into(),
            ),
            (
                Organisations::Siren,
                self.siret.as_ref().map(|s| s.siren().to_string()).into(),
            ),
            (
                Organisations::Rna,
                self.rna.as_ref().map(|r| r.to_string()).into(),
            ),
            (
                Organisations::LegalCategory,
                self.legal_category.as_ref().map(|c| c.to_string()).into(),
            ),
            (Organisations::Address, self.address.clone().into()),
            (Organisations::CommuneCode, self.commune.as_str().into()),
            (Organisations::Website, self.website.clone().into()),
            (
                Organisations::ContactEmail,
                self.contact_email.as_str().into(),
            ),
            (
                Organisations::ContactPhone,
                self.contact_phone.clone().into(),
            ),
        ]
    }
}

const ORG_COLUMNS: [Organisations; 17] = [
    Organisations::Id,
    Organisations::Kind,
    Organisations::Name,
    Organisations::Acronym,
    Organisations::Siret,
    Organisations::Siren,
    Organisations::Rna,
    Organisations::LegalCategory,
    Organisations::Address,
    Organisations::CommuneCode,
    Organisations::Website,
    Organisations::ContactEmail,
    Organisations::ContactPhone,
    Organisations::VerifiedAt,
    Organisations::VerifiedBy,
    Organisations::CreatedAt,
    Organisations::UpdatedAt,
];

pub async fn by_id(db: &Db, id: OrgId) -> anyhow::Result<Option<Org>> {
    db.fetch_optional(
        Query::select()
            .columns(ORG_COLUMNS)
            .from(Organisations::Table)
            .and_where(Expr::col(Organisations::Id).eq(id.0)),
    )
    .await
}

/// Another organisation already registered with this SIRET or RNA (one record per structure:
/// "tell us once").
pub async fn find_duplicate(
    db: &Db,
    siret: Option<&Siret>,
    rna: Option<&Rna>,
    except: Option<OrgId>,
) -> anyhow::Result<(bool, bool)> {
    let mut found = (false, false);
    for (col, value, slot) in [
        (
            Organisations::Siret,
            siret.map(|s| s.as_str()),
            &mut found.0,
        ),
        (Organisations::Rna, rna.map(|r| r.as_str()), &mut found.1),
    ] {
        let Some(value) = value else { continue };
        let mut q = Query::select();
        q.column(Organisations::Id)
            .from(Organisations::Table)
            .and_where(Expr::col(col).eq(value))
            .limit(1);
        if let Some(e) = except {
            q.and_where(Expr::col(Organisations::Id).ne(e.0));
        }
        let row: Option<(i64,)> = db.fetch_optional(&q).await?;
        *slot = row.is_some();
    }
    Ok(found)
}

pub async fn insert(tx: &mut Tx, data: &OrgData) -> anyhow::Result<OrgId> {
    let now = Utc::now();
    let (cols, mut vals): (Vec<_>, Vec<_>) = data.values().into_iter().unzip();
    let mut cols = cols;
    cols.extend([Organisations::CreatedAt, Organisations::UpdatedAt]);
    vals.extend([now.into(), now.into()]);
    let mut q = Query::insert();
    q.into_table(Organisations::Table)
        .columns(cols)
        .values_panic(vals);
    Ok(OrgId(tx.insert_id(q).await?))
}

/// Saves the edited identity; clears the staff verification when `unverify`.
pub async fn update(tx: &mut Tx, id: OrgId, data: &OrgData, unverify: bool) -> anyhow::Result<()> {
    let mut q = Query::update();
    q.table(Organisations::Table)
        .values(data.values())
        .value(Organisations::UpdatedAt, Utc::now())
        .and_where(Expr::col(Organisations::Id).eq(id.0));
    if unverify {
        q.value(Organisations::VerifiedAt, Option::<DateTime<Utc>>::None)
            .value(Organisations::VerifiedBy, Option::<i64>::None);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Marks the organisation verified by a staff member (the back-office does this; the demo
/// seeds it).
pub async fn mark_verified(tx: &mut Tx, id: OrgId, by: UserId) -> anyhow::Result<()> {
    tx.execute(
        Query::update()
            .table(Organisations::Table)
            .value(Organisations::VerifiedAt, Utc::now())
            .value(Organisations::VerifiedBy, by.0)
            .and_where(Expr::col(Organisations::Id).eq(id.0)),
    )
    .await?;
    Ok(())
}

/// Takes the organisation's row lock (PostgreSQL) before membership changes, so two owners
/// stepping down at the same time cannot both pass the "another owner remains" check. On
/// SQLite the transaction already holds the write lock.
pub async fn lock(tx: &mut Tx, id: OrgId) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::update()
                .table(Organisations::Table)
                // A no-op write on a non-key column: a row lock that does not block
                // concurrent foreign-key checks from other tables.
                .value(
                    Organisations::UpdatedAt,
                    Expr::col(Organisations::UpdatedAt),
                )
                .and_where(Expr::col(Organisations::Id).eq(id.0)),
        )
        .await?;
    Ok(n == 1)
}

// ---- Members -------------------------------------------------------------------------------

/// A member's role within an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRole {
    /// Manages the organisation: edits it, its documents and its members.
    Owner,
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 2] = [MemberRole::Owner, MemberRole::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<MemberRole> {
        MemberRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            MemberRole::Owner => "org-role-owner",
            MemberRole::Member => "org-role-member",
        }
    }
}

fn role_query(org: OrgId, user: UserId) -> SelectStatement {
    Query::select()
        .column(Memberships::Role)
        .from(Memberships::Table)
        .and_where(Expr::col(Memberships::OrgId).eq(org.0))
        .and_where(Expr::col(Memberships::UserId).eq(user.0))
        .to_owned()
}

/// The role of `user` in `org`, if a member.
pub async fn role_of(db: &Db, org: OrgId, user: UserId) -> anyhow::Result<Option<MemberRole>> {
    let row: Option<(String,)> = db.fetch_optional(&role_query(org, user)).await?;
    Ok(row.and_then(|(r,)| MemberRole::parse(&r)))
}

async fn role_in_tx(tx: &mut Tx, org: OrgId, user: UserId) -> anyhow::Result<Option<MemberRole>> {
    let row: Option<(String,)> = tx.fetch_optional(&role_query(org, user)).await?;
    Ok(row.and_then(|(r,)| MemberRole::parse(&r)))
}

/// One of a person's organisations, for the "my organisations" list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyOrg {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub acronym: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub role: String,
}

impl MyOrg {
    pub fn kind_message_id(&self) -> String {
        OrgKind::parse(&self.kind)
            .map(|k| k.message_id().to_owned())
            .unwrap_or_else(|| self.kind.clone())
    }

    pub fn role_message_id(&self) -> &'static str {
        MemberRole::parse(&self.role)
            .unwrap_or(MemberRole::Member)
            .message_id()
    }
}

/// The organisations `user` belongs to, by name.
pub async fn orgs_of(db: &Db, user: UserId) -> anyhow::Result<Vec<MyOrg>> {
    db.fetch_all(
        Query::select()
            .columns([
                (Organisations::Table, Organisations::Id),
                (Organisations::Table, Organisations::Kind),
                (Organisations::Table, Organisations::Name),
                (Organisations::Table, Organisations::Acronym),
                (Organisations::Table, Organisations::VerifiedAt),
            ])
            .column((Memberships::Table, Memberships::Role))
            .from(Memberships::Table)
            .inner_join(
                Organisations::Table,
                Expr::col((Organisations::Table, Organisations::Id))
                    .equals((Memberships::Table, Memberships::OrgId)),
            )
            .and_where(Expr::col((Memberships::Table, Memberships::UserId)).eq(user.0))
            .order_by((Organisations::Table, Organisations::Name), Order::Asc),
    )
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

impl Member {
    pub fn role(&self) -> MemberRole {
        MemberRole::parse(&self.role).unwrap_or(MemberRole::Member)
    }

    pub fn is_owner(&self) -> bool {
        self.role() == MemberRole::Owner
    }
}

/// Members of `org`, owners first.
pub async fn members(db: &Db, org: OrgId) -> anyhow::Result<Vec<Member>> {
    let mut rows: Vec<Member> = db
        .fetch_all(
            Query::select()
                .column((Memberships::Table, Memberships::UserId))
                .columns([
                    (Users::Table, Users::DisplayName),
                    (Users::Table, Users::Email),
                ])
                .columns([
                    (Memberships::Table, Memberships::Role),
                    (Memberships::Table, Memberships::CreatedAt),
                ])
                .from(Memberships::Table)
                .inner_join(
                    Users::Table,
                    Expr::col((Users::Table, Users::Id))
                        .equals((Memberships::Table, Memberships::UserId)),
                )
                .and_where(Expr::col((Memberships::Table, Memberships::OrgId)).eq(org.0))
                .order_by((Users::Table, Users::DisplayName), Order::Asc),
        )
        .await?;
    rows.sort_by_key(|m| m.role() != MemberRole::Owner);
    Ok(rows)
}

/// Adds `user` to `org`; `false` when already a member (the role is left as it was).
pub async fn add_member(
    tx: &mut Tx,
    org: OrgId,
    user: UserId,
    role: MemberRole,
) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::insert()
                .into_table(Memberships::Table)
                .columns([
                    Memberships::OrgId,
                    Memberships::UserId,
                    Memberships::Role,
                    Memberships::CreatedAt,
                ])
                .values_panic([
                    org.0.into(),
                    user.0.into(),
                    role.as_str().into(),
                    Utc::now().into(),
                ])
                .on_conflict(
                    sea_query::OnConflict::columns([Memberships::OrgId, Memberships::UserId])
                        .do_nothing()
                        .to_owned(),
                ),
        )
        .await?;
    Ok(n > 0)
}

/// Why a change to the members was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    Done,
    NotMember,
    /// It would leave the organisation without an owner.
    LastOwner,
}

async fn owner_count(tx: &mut Tx, org: OrgId) -> anyhow::Result<i64> {
    let (n,): (i64,) = tx
        .fetch_one(
            Query::select()
                .expr(Expr::col(Memberships::UserId).count())
                .from(Memberships::Table)
                .and_where(Expr::col(Memberships::OrgId).eq(org.0))
                .and_where(Expr::col(Memberships::Role).eq(MemberRole::Owner.as_str())),
        )
        .await?;
    Ok(n)
}

/// Whether `user` may stop being an owner of `org` (another owner remains). Takes the lock.
async fn may_step_down(tx: &mut Tx, org: OrgId, user: UserId) -> anyhow::Result<MemberChange> {
    lock(tx, org).await?;
    match role_in_tx(tx, org, user).await? {
        None => Ok(MemberChange::NotMember),
        Some(MemberRole::Owner) if owner_count(tx, org).await? <= 1 => Ok(MemberChange::LastOwner),
        Some(_) => Ok(MemberChange::Done),
    }
}

/// Changes a member's role, unless it would leave no owner.
pub async fn set_role(
    tx: &mut Tx,
    org: OrgId,
    user: UserId,
    role: MemberRole,
) -> anyhow::Result<MemberChange> {
    if role != MemberRole::Owner {
        let check = may_step_down(tx, org, user).await?;
        if check != MemberChange::Done {
            return Ok(check);
        }
    }
    let n = tx
        .execute(
            Query::update()
                .table(Memberships::Table)
                .value(Memberships::Role, role.as_str())
                .and_where(Expr::col(Memberships::OrgId).eq(org.0))
                .and_where(Expr::col(Memberships::UserId).eq(user.0)),
        )
        .await?;
    Ok(if n == 1 {
        MemberChange::Done
    } else {
        MemberChange::NotMember
    })
}

/// Removes a member (removal by an owner, or leaving), unless it would leave no owner.
pub async fn remove_member(tx: &mut Tx, org: OrgId, user: UserId) -> anyhow::Result<MemberChange> {
    let check = may_step_down(tx, org, user).await?;
    if check != MemberChange::Done {
        return Ok(check);
    }
    tx.execute(
        Query::delete()
            .from_table(Memberships::Table)
            .and_where(Expr::col(Memberships::OrgId).eq(org.0))
            .and_where(Expr::col(Memberships::UserId).eq(user.0)),
    )
    .await?;
    Ok(MemberChange::Done)
}

// ---- Invitations ---------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub role: String,
    pub invited_by: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Invitation {
    pub fn id(&self) -> InvitationId {
        InvitationId(self.id)
    }

    pub fn org_id(&self) -> OrgId {
        OrgId(self.org_id)
    }

    pub fn role(&self) -> MemberRole {
        MemberRole::parse(&self.role).unwrap_or(MemberRole::Member)
    }
}

const INVITATION_COLUMNS: [Invitations; 7] = [
    Invitations::Id,
    Invitations::OrgId,
    Invitations::Email,
    Invitations::Role,
    Invitations::InvitedBy,
    Invitations::CreatedAt,
    Invitations::ExpiresAt,
];

fn live(q: &mut SelectStatement) -> &mut SelectStatement {
    q.and_where(Expr::col(Invitations::AcceptedAt).is_null())
        .and_where(Expr::col(Invitations::RevokedAt).is_null())
        .and_where(Expr::col(Invitations::ExpiresAt).gt(Utc::now()))
}

/// Records an invitation (only the token's hash is stored). Earlier pending invitations of
/// the same address to the same organisation are revoked, so one link is live at a time.
pub async fn insert_invitation(
    tx: &mut Tx,
    org: OrgId,
    email: &Email,
    role: MemberRole,
    token_hash: &str,
    invited_by: UserId,
    expires_at: DateTime<Utc>,
) -> anyhow::Result<InvitationId> {
    let now = Utc::now();
    tx.execute(
        Query::update()
            .table(Invitations::Table)
            .value(Invitations::RevokedAt, now)
            .and_where(Expr::col(Invitations::OrgId).eq(org.0))
            .and_where(Expr::col(Invitations::Email).eq(email.as_str()))
            .and_where(Expr::col(Invitations::AcceptedAt).is_null())
            .and_where(Expr::col(Invitations::RevokedAt).is_null()),
    )
    .await?;
    let mut q = Query::insert();
    q.into_table(Invitations::Table)
        .columns([
            Invitations::OrgId,
            Invitations::Email,
            Invitations::Role,
            Invitations::TokenHash,
            Invitations::InvitedBy,
            Invitations::CreatedAt,
            Invitations::ExpiresAt,
        ])
        .values_panic([
            org.0.into(),
            email.as_str().into(),
            role.as_str().into(),
            token_hash.into(),
            invited_by.0.into(),
            now.into(),
            expires_at.into(),
        ]);
    Ok(InvitationId(tx.insert_id(q).await?))
}

/// The live (not accepted, revoked or expired) invitation with this token hash.
pub async fn live_invitation(db: &Db, token_hash: &str) -> anyhow::Result<Option<Invitation>> {
    let mut q = Query::select();
    q.columns(INVITATION_COLUMNS)
        .from(Invitations::Table)
        .and_where(Expr::col(Invitations::TokenHash).eq(token_hash));
    db.fetch_optional(live(&mut q)).await
}

/// Marks the live invitation with this hash accepted; `None` if it is no longer live (so two
/// concurrent accepts cannot both succeed).
pub async fn accept_invitation(
    tx: &mut Tx,
    token_hash: &str,
) -> anyhow::Result<Option<Invitation>> {
    tx.fetch_optional(
        Query::update()
            .table(Invitations::Table)
            .value(Invitations::AcceptedAt, Utc::now())
            .and_where(Expr::col(Invitations::TokenHash).eq(token_hash))
            .and_where(Expr::col(Invitations::AcceptedAt).is_null())
            .and_where(Expr::col(Invitations::RevokedAt).is_null())
            .and_where(Expr::col(Invitations::ExpiresAt).gt(Utc::now()))
            .returning(Query::returning().columns(INVITATION_COLUMNS)),
    )
    .await
}

/// Pending invitations of `org`, newest first.
pub async fn pending_invitations(db: &Db, org: OrgId) -> anyhow::Result<Vec<Invitation>> {
    let mut q = Query::select();
    q.columns(INVITATION_COLUMNS)
        .from(Invitations::Table)
        .and_where(Expr::col(Invitations::OrgId).eq(org.0))
        .order_by(Invitations::CreatedAt, Order::Desc);
    db.fetch_all(live(&mut q)).await
}

/// Revokes a pending invitation of `org`; returns its address, `None` if there was none.
pub async fn revoke_invitation(
    tx: &mut Tx,
    org: OrgId,
    id: InvitationId,
) -> anyhow::Result<Option<String>> {
    let row: Option<(String,)> = tx
        .fetch_optional(
            Query::update()
                .table(Invitations::Table)
                .value(Invitations::RevokedAt, Utc::now())
                .and_where(Expr::col(Invitations::Id).eq(id.0))
                .and_where(Expr::col(Invitations::OrgId).eq(org.0))
                .and_where(Expr::col(Invitations::AcceptedAt).is_null())
                .and_where(Expr::col(Invitations::RevokedAt).is_null())
                .returning(Query::returning().column(Invitations::Email)),
        )
        .await?;
    Ok(row.map(|(e,)| e))
}

// ---- Documents -----------------------------------------------------------------------------

/// The kinds of document an organisation keeps in its vault (domain-fr.md §3 attachments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Statutes,
    /// Relevé d'identité bancaire.
    BankDetails,
    ApprovedAccounts,
    ActivityReport,
    /// Signed Contrat d'engagement républicain (compulsory since 2022).
    RepublicanContract,
    EsusDecision,
    BoardList,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Statutes,
        DocumentKind::BankDetails,
        DocumentKind::ApprovedAccounts,
        DocumentKind::ActivityReport,
        DocumentKind::RepublicanContract,
        DocumentKind::EsusDecision,
        DocumentKind::BoardList,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Statutes => "statutes",
            DocumentKind::BankDetails => "bank_details",
            DocumentKind::ApprovedAccounts => "approved_accounts",
            DocumentKind::ActivityReport => "activity_report",
            DocumentKind::RepublicanContract => "republican_contract",
            DocumentKind::EsusDecision => "esus_decision",
            DocumentKind::BoardList => "board_list",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn message_id(self) -> String {
        format!("doc-kind-{}", self.as_str().replace('_', "-"))
    }

    /// Whether a new upload of this kind replaces the current one. "Other" documents
    /// accumulate: an organisation may keep several.
    pub fn is_single(self) -> bool {
        self != DocumentKind::Other
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    /// The sanitised name the file had on the uploader's computer: for display only.
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub valid_until: Option<NaiveDate>,
    pub uploaded_by: i64,
    pub uploaded_at: DateTime<Utc>,
    /// Set when a newer document of the same kind took its place (history is kept).
    pub replaced_at: Option<DateTime<Utc>>,
}

impl Document {
    pub fn id(&self) -> DocumentId {
        DocumentId(self.id)
    }

    pub fn kind(&self) -> Option<DocumentKind> {
        DocumentKind::parse(&self.kind)
    }

    pub fn kind_message_id(&self) -> String {
        self.kind()
            .map(|k| k.message_id())
            .unwrap_or_else(|| self.kind.clone())
    }

    /// Past its validity date on `today` (the date itself is still valid).
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|d| d < today)
    }
}

const DOCUMENT_COLUMNS: [Documents; 12] = [
    Documents::Id,
    Documents::OrgId,
    Documents::Kind,
    Documents::OriginalName,
    Documents::ContentType,
    Documents::SizeBytes,
    Documents::Sha256,
    Documents::StorageKey,
    Documents::ValidUntil,
    Documents::UploadedBy,
    Documents::UploadedAt,
    Documents::ReplacedAt,
];

/// The current documents of an organisation's vault (replaced ones left out), by kind then
/// newest first. This is what later applications reuse ("tell us once"). Expired documents
/// are included: check [`Document::is_expired`].
pub async fn documents_of(db: &Db, org: OrgId) -> anyhow::Result<Vec<Document>> {
    let mut docs: Vec<Document> = db
        .fetch_all(
            Query::select()
                .columns(DOCUMENT_COLUMNS)
                .from(Documents::Table)
                .and_where(Expr::col(Documents::OrgId).eq(org.0))
                .and_where(Expr::col(Documents::ReplacedAt).is_null())
                .order_by(Documents::UploadedAt, Order::Desc)
                .order_by(Documents::Id, Order::Desc),
        )
        .await?;
    let rank = |d: &Document| {
        DocumentKind::ALL
            .iter()
            .position(|k| Some(*k) == d.kind())
            .unwrap_or(usize::MAX)
    };
    docs.sort_by_key(rank);
    Ok(docs)
}

/// Documents that were replaced by a newer one, newest first.
pub async fn replaced_documents(db: &Db, org: OrgId) -> anyhow::Result<Vec<Document>> {
    db.fetch_all(
        Query::select()
            .columns(DOCUMENT_COLUMNS)
            .from(Documents::Table)
            .and_where(Expr::col(Documents::OrgId).eq(org.0))
            .and_where(Expr::col(Documents::ReplacedAt).is_not_null())
            .order_by(Documents::ReplacedAt, Order::Desc)
            .order_by(Documents::Id, Order::Desc),
    )
    .await
}

/// One document of `org` (current or replaced).
pub async fn document(db: &Db, org: OrgId, id: DocumentId) -> anyhow::Result<Option<Document>> {
    db.fetch_optional(
        Query::select()
            .columns(DOCUMENT_COLUMNS)
            .from(Documents::Table)
            .and_where(Expr::col(Documents::OrgId).eq(org.0))
            .and_where(Expr::col(Documents::Id).eq(id.0)),
    )
    .await
}

/// What an upload stored, to be recorded.
pub struct NewDocument<'a> {
    pub org: OrgId,
    pub kind: DocumentKind,
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: u64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub valid_until: Option<NaiveDate>,
    pub uploaded_by: UserId,
}

/// Records an uploaded document; for single kinds, the current one is marked replaced (kept
/// as history). Returns the new id and the replaced ones.
pub async fn insert_document(
    tx: &mut Tx,
    d: &NewDocument<'_>,
) -> anyhow::Result<(DocumentId, Vec<i64>)> {
    let now = Utc::now();
    let replaced: Vec<(i64,)> = if d.kind.is_single() {
        tx.fetch_all(
            Query::update()
                .table(Documents::Table)
                .value(Documents::ReplacedAt, now)
                .and_where(Expr::col(Documents::OrgId).eq(d.org.0))
                .and_where(Expr::col(Documents::Kind).eq(d.kind.as_str()))
                .and_where(Expr::col(Documents::ReplacedAt).is_null())
                .returning(Query::returning().column(Documents::Id)),
        )
        .await?
    } else {
        vec![]
    };
    let mut q = Query::insert();
    q.into_table(Documents::Table)
        .columns([
            Documents::OrgId,
            Documents::Kind,
            Documents::OriginalName,
            Documents::ContentType,
            Documents::SizeBytes,
            Documents::Sha256,
            Documents::StorageKey,
            Documents::ValidUntil,
            Documents::UploadedBy,
            Documents::UploadedAt,
        ])
        .values_panic([
            d.org.0.into(),
            d.kind.as_str().into(),
            d.original_name.into(),
            d.content_type.into(),
            i64::try_from(d.size_bytes).unwrap_or(i64::MAX).into(),
            d.sha256.into(),
            d.storage_key.into(),
            d.valid_until.into(),
            d.uploaded_by.0.into(),
            now.into(),
        ]);
    let id = DocumentId(tx.insert_id(q).await?);
    Ok((id, replaced.into_iter().map(|(r,)| r).collect()))
}

// ---- ESUS approvals ------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EsusRow {
    pub id: i64,
    pub org_id: i64,
    pub decision_date: NaiveDate,
    pub authority: String,
    pub company_created: Option<NaiveDate>,
    /// End of validity computed with the rules in force when it was recorded.
    pub valid_until: NaiveDate,
    pub proof_document_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl EsusRow {
    pub fn approval(&self) -> EsusApproval {
        EsusApproval {
            decision_date: self.decision_date,
            authority: self.authority.clone(),
            company_created: self.company_created,
        }
    }

    pub fn status(&self, rules: &EsusRules, today: NaiveDate) -> EsusStatus {
        self.approval().status(rules, today)
    }
}

/// The organisation's ESUS approval as last recorded, if any: a renewal or a correction is
/// recorded anew, and earlier records are kept as history.
pub async fn current_esus(db: &Db, org: OrgId) -> anyhow::Result<Option<EsusRow>> {
    db.fetch_optional(
        Query::select()
            .columns([
                EsusApprovals::Id,
                EsusApprovals::OrgId,
                EsusApprovals::DecisionDate,
                EsusApprovals::Authority,
                EsusApprovals::CompanyCreated,
                EsusApprovals::ValidUntil,
                EsusApprovals::ProofDocumentId,
                EsusApprovals::CreatedAt,
            ])
            .from(EsusApprovals::Table)
            .and_where(Expr::col(EsusApprovals::OrgId).eq(org.0))
            .order_by(EsusApprovals::Id, Order::Desc)
            .limit(1),
    )
    .await
}

pub async fn insert_esus(
    tx: &mut Tx,
    org: OrgId,
    approval: &EsusApproval,
    valid_until: NaiveDate,
    proof: Option<DocumentId>,
) -> anyhow::Result<i64> {
    let mut q = Query::insert();
    q.into_table(EsusApprovals::Table)
        .columns([
            EsusApprovals::OrgId,
            EsusApprovals::DecisionDate,
            EsusApprovals::Authority,
            EsusApprovals::CompanyCreated,
            EsusApprovals::ValidUntil,
            EsusApprovals::ProofDocumentId,
            EsusApprovals::CreatedAt,
        ])
        .values_panic([
            org.0.into(),
            approval.decision_date.into(),
            approval.authority.clone().into(),
            approval.company_created.into(),
            valid_until.into(),
            proof.map(|p| p.0).into(),
            Utc::now().into(),
        ]);
    tx.insert_id(q).await
}
