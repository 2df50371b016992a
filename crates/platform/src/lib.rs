//! What every capability stands on: database, jobs, sessions, CSRF, audit log, mail, files, i18n,
//! the page layout and shared form pieces.

pub mod app;
pub mod assets;
pub mod audit;
pub mod config;
pub mod db;
pub mod emails;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod orgs;
pub mod pages;
pub mod password;
pub mod pdf;
pub mod ratelimit;
pub mod session;
pub mod storage;
pub mod territory;
pub mod testing;
pub mod web;

pub use app::{AppState, Module};
