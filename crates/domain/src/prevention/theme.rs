//! The themes of the contact point and the signal function (plan, "Preventie"
//! 1: "informatie over alle vormen van extremisme, polarisering, fake news en
//! complotdenken"), shared by the contact register and signals so the trend
//! per theme means the same everywhere.

use super::coded::coded_enum;

coded_enum!(
    /// What a question, a concern or a signal is about. The forms of
    /// extremism first (the plan's definitions are shown as help text), then
    /// polarisation, hate speech, fake news and conspiracy thinking.
    Theme {
        /// Right-wing extremism.
        ExtremismRight => "extremism_right",
        /// Left-wing extremism.
        ExtremismLeft => "extremism_left",
        /// Religiously inspired extremism.
        ExtremismReligious => "extremism_religious",
        /// Anti-government extremism and conspiracy-driven movements.
        ExtremismAntiGovernment => "extremism_anti_government",
        /// Single-issue extremism (one cause: animals, climate, abortion, ...).
        ExtremismSingleIssue => "extremism_single_issue",
        /// Another form of extremism.
        ExtremismOther => "extremism_other",
        /// Polarisation: sharpening contrasts between groups.
        Polarisation => "polarisation",
        /// Hate speech and polarising comments.
        HateSpeech => "hate_speech",
        /// Fake news and disinformation.
        FakeNews => "fake_news",
        /// Conspiracy thinking.
        ConspiracyThinking => "conspiracy_thinking",
    }
);

impl Theme {
    /// Whether this is one of the forms of extremism.
    pub fn is_extremism(self) -> bool {
        matches!(
            self,
            Theme::ExtremismRight
                | Theme::ExtremismLeft
                | Theme::ExtremismReligious
                | Theme::ExtremismAntiGovernment
                | Theme::ExtremismSingleIssue
                | Theme::ExtremismOther
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prevention::coded::Coded;

    #[test]
    fn ten_themes_six_of_them_extremism() {
        assert_eq!(Theme::ALL.len(), 10);
        assert_eq!(Theme::ALL.iter().filter(|t| t.is_extremism()).count(), 6);
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.code()), Some(*t));
        }
    }
}
