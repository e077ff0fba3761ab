//! One file per entity: its row type, and its queries.

pub mod action;
pub mod agreement;
pub mod assessment;
pub mod audit;
pub mod body;
pub mod case;
pub mod data_key;
pub mod decision;
pub mod ethics;
pub mod feedback;
pub mod fiche;
pub mod item;
pub mod knowledge;
pub mod meeting;
pub mod meta;
pub mod organisation;
pub mod profile;
pub mod session;
pub mod set_password_token;
pub mod tenant;
pub mod throttle;
pub mod user;
