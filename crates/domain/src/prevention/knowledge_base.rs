//! The kennisbank: public information pages that make the contact point
//! known (plan "Preventie" 1: "De uitdaging is om dit aanspreekpunt bekend te
//! maken"; "Informatie over alle vormen van extremisme, polarisering, fake
//! news en complotdenken"; "Tips om het gesprek aan te gaan").
//!
//! The expert writes each page in Dutch (required: it is the fallback) and,
//! where there is a translation, in French and English: a title, a short
//! summary and a body of plain text. The body is never HTML: blank lines
//! separate paragraphs, lines starting with `- ` make a list and a line
//! starting with `## ` a subheading ([`blocks`]); the pages escape every
//! character. Only published pages are public. A visitor reads the page in
//! their language, or in Dutch when there is no translation
//! ([`pick_locale`]).
//!
//! [`default_pages`] is a starting set any municipality can load and adapt:
//! the plan's definitions of extremism, the radicalisation process and
//! polarisation (quoted), the forms of extremism, polarisation after
//! Brandsma, fake news, conspiracy thinking and tips for a conversation.

use std::fmt;

use super::coded::{Coded, coded_enum};
use super::outreach::{FieldError, FieldErrors, optional, redacted_debug, required};
use crate::Locale;

/// Longest title.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest summary.
pub const SUMMARY_MAX_CHARS: usize = 500;
/// Longest body of one language version.
pub const BODY_MAX_CHARS: usize = 12_000;
/// Shortest and longest page address.
pub const SLUG_MIN_CHARS: usize = 3;
pub const SLUG_MAX_CHARS: usize = 80;
/// Addresses the kennisbank's own pages use.
pub const RESERVED_SLUGS: &[&str] = &["beheer", "nieuw", "standaard"];

coded_enum!(
    /// What a page is about.
    Topic {
        /// Forms of extremism.
        Extremism => "extremism",
        /// The radicalisation process.
        Radicalisation => "radicalisation",
        /// Polarisation.
        Polarisation => "polarisation",
        /// Fake news and disinformation.
        FakeNews => "fake_news",
        /// Conspiracy thinking.
        ConspiracyThinking => "conspiracy_thinking",
        /// Tips for a conversation with someone who may be radicalising.
        ConversationTips => "conversation_tips",
    }
);

coded_enum!(
    /// Whether the public sees a page.
    PageStatus {
        /// Only the expert sees it.
        Draft => "draft",
        /// On `/kennisbank` for everyone.
        Published => "published",
    }
);

/// The form field of one part of a language version: `title_nl`, `body_fr`, ...
pub fn field(locale: Locale, part: Part) -> &'static str {
    use Locale::*;
    use Part::*;
    match (locale, part) {
        (NlBe, Title) => "title_nl",
        (NlBe, Summary) => "summary_nl",
        (NlBe, Body) => "body_nl",
        (FrBe, Title) => "title_fr",
        (FrBe, Summary) => "summary_fr",
        (FrBe, Body) => "body_fr",
        (En, Title) => "title_en",
        (En, Summary) => "summary_en",
        (En, Body) => "body_en",
    }
}

/// The parts of a language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Summary,
    Body,
}

/// A page address: lowercase letters, digits and single hyphens, 3 to 80
/// characters, not starting or ending with a hyphen, not a reserved word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn parse(input: &str) -> Result<Slug, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        let ok = (SLUG_MIN_CHARS..=SLUG_MAX_CHARS).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && !RESERVED_SLUGS.contains(&s);
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(FieldError::SlugInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One language version as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextInput<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// A page as typed.
#[derive(Debug, Clone, Default)]
pub struct PageInput<'a> {
    pub slug: &'a str,
    pub topics: Vec<&'a str>,
    /// `draft` (the default) or `published`.
    pub status: &'a str,
    pub nl: TextInput<'a>,
    pub fr: TextInput<'a>,
    pub en: TextInput<'a>,
}

/// One language version that passed the rules.
#[derive(Clone, PartialEq, Eq)]
pub struct PageText {
    pub locale: Locale,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
}
redacted_debug!(PageText { locale });

/// A page that passed every rule: Dutch always, then the translations given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPage {
    pub slug: Slug,
    pub topics: Vec<Topic>,
    pub status: PageStatus,
    pub texts: Vec<PageText>,
}

fn parse_text(locale: Locale, input: &TextInput<'_>, errors: &mut FieldErrors) -> Option<PageText> {
    let given = [input.title, input.summary, input.body]
        .iter()
        .any(|t| !t.trim().is_empty());
    // A translation left empty is no translation; Dutch is always needed.
    if !given && locale != Locale::NlBe {
        return None;
    }
    let before = errors.len();
    let title_field = field(locale, Part::Title);
    let body_field = field(locale, Part::Body);
    let title = if locale == Locale::NlBe || !input.title.trim().is_empty() {
        required(input.title, TITLE_MAX_CHARS, title_field, errors)
    } else {
        errors.push((title_field, FieldError::TranslationIncomplete));
        None
    };
    let summary = optional(
        input.summary,
        SUMMARY_MAX_CHARS,
        field(locale, Part::Summary),
        errors,
    );
    let body = if locale == Locale::NlBe || !input.body.trim().is_empty() {
        required(input.body, BODY_MAX_CHARS, body_field, errors)
    } else {
        errors.push((body_field, FieldError::TranslationIncomplete));
        None
    };
    match (title, body) {
        (Some(title), Some(body)) if errors.len() == before => Some(PageText {
            locale,
            title,
            summary,
            body,
        }),
        _ => None,
    }
}

/// Parses a page. `slug_taken` says whether another page of the LIVC-R
/// already has the address (the caller looks it up).
pub fn parse_page(
    input: &PageInput<'_>,
    slug_taken: impl Fn(&Slug) -> bool,
) -> Result<ParsedPage, FieldErrors> {
    let mut errors = FieldErrors::new();
    let slug = match Slug::parse(input.slug) {
        Ok(s) if slug_taken(&s) => {
            errors.push(("slug", FieldError::SlugTaken));
            None
        }
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(("slug", e));
            None
        }
    };
    let topics = match super::coded::parse_set::<Topic>(input.topics.iter().copied()) {
        Some(t) if t.is_empty() => {
            errors.push(("topics", FieldError::ChooseAtLeastOne));
            None
        }
        Some(t) => Some(t),
        None => {
            errors.push(("topics", FieldError::UnknownChoice));
            None
        }
    };
    let status = match input.status.trim() {
        "" => Some(PageStatus::Draft),
        c => PageStatus::parse(c).or_else(|| {
            errors.push(("status", FieldError::UnknownChoice));
            None
        }),
    };
    let mut texts = Vec::new();
    for (locale, t) in [
        (Locale::NlBe, &input.nl),
        (Locale::FrBe, &input.fr),
        (Locale::En, &input.en),
    ] {
        if let Some(p) = parse_text(locale, t, &mut errors) {
            texts.push(p);
        }
    }
    match (slug, topics, status) {
        (Some(slug), Some(topics), Some(status)) if errors.is_empty() => Ok(ParsedPage {
            slug,
            topics,
            status,
            texts,
        }),
        _ => Err(errors),
    }
}

/// The language a visitor reads a page in: theirs when the page has it,
/// Dutch otherwise (every page has Dutch), the first there is as a last
/// resort.
pub fn pick_locale(available: &[Locale], wanted: Locale) -> Option<Locale> {
    if available.contains(&wanted) {
        Some(wanted)
    } else if available.contains(&Locale::NlBe) {
        Some(Locale::NlBe)
    } else {
        available.first().copied()
    }
}

/// A piece of a page body, to be shown escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A subheading (a line starting with `## `).
    Heading(String),
    /// A paragraph; its lines are kept as line breaks.
    Paragraph(Vec<String>),
    /// A list: consecutive lines starting with `- `.
    List(Vec<String>),
}

/// Splits a plain-text body into blocks: blank lines end a paragraph, `## `
/// starts a subheading, `- ` a list item. Nothing is interpreted as markup;
/// every character of the text ends up in exactly one block (apart from
/// surrounding whitespace and the `## ` and `- ` markers).
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    fn flush(out: &mut Vec<Block>, para: &mut Vec<String>, list: &mut Vec<String>) {
        if !para.is_empty() {
            out.push(Block::Paragraph(std::mem::take(para)));
        }
        if !list.is_empty() {
            out.push(Block::List(std::mem::take(list)));
        }
    }
    for raw in body.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some(h) = line.strip_prefix("## ") {
            flush(&mut out, &mut para, &mut list);
            out.push(Block::Heading(h.trim().to_owned()));
        } else if let Some(item) = line.strip_prefix("- ") {
            if !para.is_empty() {
                out.push(Block::Paragraph(std::mem::take(&mut para)));
            }
            list.push(item.trim().to_owned());
        } else {
            if !list.is_empty() {
                out.push(Block::List(std::mem::take(&mut list)));
            }
            para.push(line.to_owned());
        }
    }
    flush(&mut out, &mut para, &mut list);
    out
}

// ------------------------------------------------------------ the plan's definitions

/// The plan's definition of extremism (after the law of 30 November 1998
/// on the intelligence and security services), quoted.
pub const DEFINITION_EXTREMISM_NL: &str = "racistische, xenofobe, anarchistische, nationalistische, autoritaire of totalitaire opvattingen of bedoelingen, ongeacht of ze van politieke, ideologische, confessionele of filosofische aard zijn, die theoretisch of in de praktijk strijdig zijn met de beginselen van de democratie of de mensenrechten, met de goede werking van de democratische instellingen of andere grondslagen van de rechtsstaat. Hieronder wordt ook het radicaliseringsproces begrepen.";

/// The plan's definition of the radicalisation process, quoted (with the
/// plan's own spelling).
pub const DEFINITION_RADICALISATION_NL: &str = "Een dynamisch proces dat begint met een vervreemding van de samenleving en van het politieke systeem, een groeiende intolerantie ten overstaand van een gedachtegoed dat men niet deelt en de toenemende bereidheid om geweld te aanvaarden als middel om het eigen gedachtegoed op te leggen aan anderen.";

/// The plan's definition of polarisation, quoted.
pub const DEFINITION_POLARISATION_NL: &str = "De verscherping van tegenstellingen tussen groepen in de samenleving, die resulteert of kan resulteren in (een toename van) spanningen tussen groepen en in risico’s voor de sociale veiligheid.";

/// A page of the default set: (locale, title, summary, body) per language.
#[derive(Debug, Clone, Copy)]
pub struct DefaultPage {
    pub slug: &'static str,
    pub topics: &'static [Topic],
    pub texts: [(Locale, &'static str, &'static str, &'static str); 3],
}

/// The default set: usable by any municipality, loaded as drafts for the
/// expert to read, adapt and publish. The definitions page quotes the plan.
pub fn default_pages() -> Vec<DefaultPage> {
    vec![
        DefaultPage {
            slug: "definities",
            topics: &[Topic::Extremism, Topic::Radicalisation, Topic::Polarisation],
            texts: [
                (
                    Locale::NlBe,
                    "Extremisme, radicalisering en polarisering: wat bedoelen we?",
                    "De omschrijvingen die het actieplan preventie van extremisme en polarisering gebruikt.",
                    DEFINITIONS_BODY_NL,
                ),
                (
                    Locale::FrBe,
                    "Extrémisme, radicalisation et polarisation : de quoi parlons-nous ?",
                    "Les définitions utilisées par le plan d'action de prévention de l'extrémisme et de la polarisation.",
                    DEFINITIONS_BODY_FR,
                ),
                (
                    Locale::En,
                    "Extremism, radicalisation and polarisation: what do we mean?",
                    "The definitions used by the action plan for the prevention of extremism and polarisation.",
                    DEFINITIONS_BODY_EN,
                ),
            ],
        },
        DefaultPage {
            slug: "vormen-van-extremisme",
            topics: &[Topic::Extremism],
            texts: [
                (
                    Locale::NlBe,
                    "Vormen van extremisme",
                    "Extremisme heeft vele gezichten. Het aanspreekpunt werkt rond alle vormen.",
                    "Extremisme is niet gebonden aan één ideologie of geloof. Het aanspreekpunt extremisme en polarisering werkt rond alle vormen:\n\n- extreemrechts: opvattingen die groepen mensen minderwaardig achten op basis van afkomst, huidskleur of cultuur;\n- extreemlinks: opvattingen die geweld aanvaarden om de samenleving omver te werpen;\n- religieus geïnspireerd extremisme: een geloof dat gebruikt wordt om geweld of uitsluiting te rechtvaardigen;\n- anti-overheidsextremisme: een diep wantrouwen tegenover de overheid, vaak gevoed door complottheorieën;\n- single-issue-extremisme: één zaak (dieren, klimaat, abortus ...) die geweld zou rechtvaardigen.\n\nNiet elk radicaal idee is extremistisch. Kritisch denken en scherpe meningen horen bij een democratie. Het wordt zorgwekkend wanneer iemand de rechten van anderen ontkent of geweld aanvaardt als middel.\n\nMaakt u zich zorgen over iemand in uw omgeving? Het aanspreekpunt denkt met u mee, in vertrouwen.",
                ),
                (
                    Locale::FrBe,
                    "Les formes d'extrémisme",
                    "L'extrémisme a de nombreux visages. Le point de contact travaille sur toutes ses formes.",
                    "L'extrémisme n'est lié à aucune idéologie ni à aucune religion en particulier. Le point de contact extrémisme et polarisation travaille sur toutes ses formes :\n\n- l'extrême droite : des idées qui considèrent certains groupes comme inférieurs en raison de leur origine, de leur couleur de peau ou de leur culture ;\n- l'extrême gauche : des idées qui acceptent la violence pour renverser la société ;\n- l'extrémisme d'inspiration religieuse : une foi utilisée pour justifier la violence ou l'exclusion ;\n- l'extrémisme anti-gouvernemental : une profonde méfiance envers les autorités, souvent nourrie par des théories du complot ;\n- l'extrémisme à cause unique : une seule cause (animaux, climat, avortement ...) qui justifierait la violence.\n\nToute idée radicale n'est pas extrémiste. L'esprit critique et les opinions tranchées font partie de la démocratie. Cela devient préoccupant lorsque quelqu'un nie les droits des autres ou accepte la violence comme moyen.\n\nVous êtes inquiet pour quelqu'un de votre entourage ? Le point de contact réfléchit avec vous, en toute confiance.",
                ),
                (
                    Locale::En,
                    "Forms of extremism",
                    "Extremism has many faces. The contact point works on all of them.",
                    "Extremism is not tied to one ideology or faith. The contact point for extremism and polarisation works on all its forms:\n\n- right-wing extremism: views that hold groups of people to be inferior because of their origin, skin colour or culture;\n- left-wing extremism: views that accept violence to overthrow society;\n- religiously inspired extremism: a faith used to justify violence or exclusion;\n- anti-government extremism: a deep distrust of the authorities, often fed by conspiracy theories;\n- single-issue extremism: one cause (animals, climate, abortion ...) said to justify violence.\n\nNot every radical idea is extremist. Critical thinking and strong opinions belong in a democracy. It becomes worrying when someone denies the rights of others or accepts violence as a means.\n\nAre you worried about someone close to you? The contact point thinks along with you, in confidence.",
                ),
            ],
        },
        DefaultPage {
            slug: "polarisering",
            topics: &[Topic::Polarisation],
            texts: [
                (
                    Locale::NlBe,
                    "Polarisering: het wij-zij-denken",
                    "Polarisering is een gevoelsdynamiek. Wie ze begrijpt, kan ze ombuigen.",
                    "Volgens de Nederlandse filosoof Bart Brandsma is polarisering een gedachteconstructie die niet op feiten berust: een gevoelsdynamiek, een emotioneel proces. Als twee tegenpolen elkaar kenmerken toeschrijven, verdwijnt de nuance en worden verschillen voorgesteld als feiten.\n\n## De rollen\n- de aanjagers, die de tegenstelling voeden;\n- de meelopers, die kiezen voor een van beide kanten;\n- het stille midden, dat geen kant kiest: niet zwart, niet wit, maar grijs;\n- de bruggenbouwers, die beide kanten willen verzoenen;\n- de zondebok, die de schuld krijgt.\n\n## Wat helpt\n- richt je tot het stille midden, niet tot de polen;\n- spreek over de onderliggende zorgen, niet over identiteit;\n- sta in het midden, niet erboven;\n- kies een bemiddelende toon.\n\nZiet u spanningen groeien in uw buurt, school, vereniging of online? Het aanspreekpunt helpt u om ermee om te gaan.",
                ),
                (
                    Locale::FrBe,
                    "La polarisation : la pensée « nous contre eux »",
                    "La polarisation est une dynamique émotionnelle. La comprendre permet de l'infléchir.",
                    "Selon le philosophe néerlandais Bart Brandsma, la polarisation est une construction de pensée qui ne repose pas sur des faits : une dynamique de sentiments, un processus émotionnel. Lorsque deux pôles s'attribuent des caractéristiques, la nuance disparaît et les différences sont présentées comme des faits.\n\n## Les rôles\n- les meneurs, qui alimentent l'opposition ;\n- les suiveurs, qui choisissent un camp ;\n- le milieu silencieux, qui ne choisit pas : ni noir, ni blanc, mais gris ;\n- les bâtisseurs de ponts, qui veulent réconcilier les deux camps ;\n- le bouc émissaire, qui est rendu coupable.\n\n## Ce qui aide\n- s'adresser au milieu silencieux, pas aux pôles ;\n- parler des préoccupations sous-jacentes, pas de l'identité ;\n- se placer au milieu, pas au-dessus ;\n- choisir un ton médiateur.\n\nVous voyez des tensions grandir dans votre quartier, votre école, votre association ou en ligne ? Le point de contact vous aide à y faire face.",
                ),
                (
                    Locale::En,
                    "Polarisation: us-versus-them thinking",
                    "Polarisation is a dynamic of feelings. Understanding it helps to turn it around.",
                    "According to the Dutch philosopher Bart Brandsma, polarisation is a construct of thought that does not rest on facts: a dynamic of feelings, an emotional process. When two poles ascribe traits to each other, nuance disappears and differences are presented as facts.\n\n## The roles\n- the pushers, who feed the opposition;\n- the joiners, who pick a side;\n- the silent middle, who pick no side: not black, not white, but grey;\n- the bridge builders, who want to reconcile both sides;\n- the scapegoat, who gets the blame.\n\n## What helps\n- address the silent middle, not the poles;\n- talk about the underlying concerns, not about identity;\n- stand in the middle, not above it;\n- choose a mediating tone.\n\nDo you see tensions growing in your neighbourhood, school, club or online? The contact point helps you deal with them.",
                ),
            ],
        },
        DefaultPage {
            slug: "fake-news",
            topics: &[Topic::FakeNews],
            texts: [
                (
                    Locale::NlBe,
                    "Fake news herkennen",
                    "Vals nieuws verspreidt zich snel. Een paar vragen helpen om het te herkennen.",
                    "Fake news is bewust misleidende informatie die eruitziet als nieuws. Het speelt in op emoties en wordt vaak gedeeld voor iemand het nagaat.\n\n## Stel jezelf deze vragen\n- Wie zegt dit, en waarom?\n- Staat het ook bij andere, betrouwbare bronnen?\n- Wanneer is het gepubliceerd? Oud nieuws wordt vaak opnieuw gedeeld.\n- Klopt de foto of de video bij het verhaal?\n- Maakt het je boos of bang? Neem dan eerst even afstand.\n\nTwijfel je? Deel het dan niet. Heb je vragen over berichten die spanningen veroorzaken in de stad? Het aanspreekpunt helpt je verder.",
                ),
                (
                    Locale::FrBe,
                    "Reconnaître les fake news",
                    "Les fausses informations se propagent vite. Quelques questions aident à les reconnaître.",
                    "Les fake news sont des informations délibérément trompeuses qui ont l'apparence de nouvelles. Elles jouent sur les émotions et sont souvent partagées avant toute vérification.\n\n## Posez-vous ces questions\n- Qui dit cela, et pourquoi ?\n- D'autres sources fiables en parlent-elles ?\n- Quand cela a-t-il été publié ? De vieilles nouvelles sont souvent partagées à nouveau.\n- La photo ou la vidéo correspond-elle à l'histoire ?\n- Cela vous met-il en colère ou vous fait-il peur ? Prenez d'abord un peu de recul.\n\nVous doutez ? Ne partagez pas. Vous avez des questions sur des messages qui créent des tensions dans la ville ? Le point de contact vous aide.",
                ),
                (
                    Locale::En,
                    "Recognising fake news",
                    "False news spreads fast. A few questions help to recognise it.",
                    "Fake news is deliberately misleading information dressed up as news. It plays on emotions and is often shared before anyone checks it.\n\n## Ask yourself\n- Who says this, and why?\n- Do other, reliable sources report it too?\n- When was it published? Old news is often shared again.\n- Do the photo or the video match the story?\n- Does it make you angry or afraid? Then take a step back first.\n\nIn doubt? Do not share it. Questions about messages that cause tension in the city? The contact point can help.",
                ),
            ],
        },
        DefaultPage {
            slug: "complotdenken",
            topics: &[Topic::ConspiracyThinking],
            texts: [
                (
                    Locale::NlBe,
                    "Complotdenken",
                    "Waarom complottheorieën aantrekken, en hoe je erover in gesprek gaat.",
                    "Een complottheorie verklaart gebeurtenissen als het werk van een geheime, kwaadwillige groep. Ze geeft eenvoudige antwoorden in onzekere tijden en een gevoel van controle.\n\nComplotdenken wordt een probleem wanneer het wantrouwen tegenover anderen, de overheid of de wetenschap alles kleurt, wanneer groepen mensen als vijand worden gezien, of wanneer het aanzet tot haat of geweld.\n\n## In gesprek gaan\n- Luister eerst en vraag door: wat maakt het verhaal overtuigend?\n- Erken de onderliggende zorg of onzekerheid.\n- Ga niet in discussie over elk detail; stel vragen over bronnen en bewijs.\n- Blijf in contact, ook als jullie het oneens blijven.\n\nHet aanspreekpunt geeft advies en informatie, ook aan leerkrachten, jeugdwerkers en hulpverleners.",
                ),
                (
                    Locale::FrBe,
                    "La pensée complotiste",
                    "Pourquoi les théories du complot attirent, et comment en parler.",
                    "Une théorie du complot explique les événements comme l'œuvre d'un groupe secret et malveillant. Elle offre des réponses simples en des temps incertains et un sentiment de contrôle.\n\nLa pensée complotiste devient un problème lorsque la méfiance envers les autres, les autorités ou la science colore tout, lorsque des groupes de personnes sont vus comme des ennemis, ou lorsqu'elle incite à la haine ou à la violence.\n\n## Entamer la conversation\n- Écoutez d'abord et posez des questions : qu'est-ce qui rend l'histoire convaincante ?\n- Reconnaissez la préoccupation ou l'incertitude sous-jacente.\n- Ne discutez pas chaque détail ; posez des questions sur les sources et les preuves.\n- Restez en contact, même si vous restez en désaccord.\n\nLe point de contact donne des conseils et des informations, aussi aux enseignants, aux travailleurs de jeunesse et aux intervenants.",
                ),
                (
                    Locale::En,
                    "Conspiracy thinking",
                    "Why conspiracy theories appeal, and how to talk about them.",
                    "A conspiracy theory explains events as the work of a secret, malevolent group. It offers simple answers in uncertain times and a sense of control.\n\nConspiracy thinking becomes a problem when distrust of others, the authorities or science colours everything, when groups of people are seen as enemies, or when it incites hatred or violence.\n\n## Starting a conversation\n- Listen first and ask questions: what makes the story convincing?\n- Acknowledge the underlying concern or uncertainty.\n- Do not argue every detail; ask about sources and evidence.\n- Stay in touch, even if you keep disagreeing.\n\nThe contact point gives advice and information, to teachers, youth workers and care workers as well.",
                ),
            ],
        },
        DefaultPage {
            slug: "in-gesprek",
            topics: &[Topic::ConversationTips, Topic::Radicalisation],
            texts: [
                (
                    Locale::NlBe,
                    "In gesprek met iemand die mogelijk radicaliseert",
                    "Tips voor ouders, vrienden, leerkrachten en hulpverleners.",
                    "Maakt u zich zorgen over iemand die mogelijk in een radicaliseringsproces zit? Contact houden is het belangrijkste wat u kunt doen.\n\n## Tips\n- Blijf in gesprek en toon oprechte interesse in wat de persoon bezighoudt.\n- Luister zonder meteen te oordelen; vraag door naar het waarom.\n- Erken gevoelens van onrecht of uitsluiting, ook als u het niet eens bent met de conclusies.\n- Zeg duidelijk waar uw grens ligt: geweld en haat aanvaardt u niet.\n- Zoek samen naar wat de persoon verbindt met anderen: school, werk, sport, vrienden, familie.\n- Sta er niet alleen voor.\n\nHet stedelijk aanspreekpunt extremisme en polarisering geeft info, advies en individuele begeleiding. Bij acuut gevaar belt u 112.",
                ),
                (
                    Locale::FrBe,
                    "Dialoguer avec une personne qui se radicalise peut-être",
                    "Des conseils pour les parents, les amis, les enseignants et les intervenants.",
                    "Vous êtes inquiet pour une personne qui se trouve peut-être dans un processus de radicalisation ? Garder le contact est ce que vous pouvez faire de plus important.\n\n## Conseils\n- Restez en dialogue et montrez un intérêt sincère pour ce qui la préoccupe.\n- Écoutez sans juger tout de suite ; demandez le pourquoi.\n- Reconnaissez les sentiments d'injustice ou d'exclusion, même si vous n'êtes pas d'accord avec les conclusions.\n- Dites clairement où se trouve votre limite : vous n'acceptez ni la violence ni la haine.\n- Cherchez ensemble ce qui relie la personne aux autres : école, travail, sport, amis, famille.\n- Ne restez pas seul face à la situation.\n\nLe point de contact extrémisme et polarisation de la ville donne des informations, des conseils et un accompagnement individuel. En cas de danger immédiat, appelez le 112.",
                ),
                (
                    Locale::En,
                    "Talking with someone who may be radicalising",
                    "Tips for parents, friends, teachers and care workers.",
                    "Are you worried about someone who may be in a radicalisation process? Staying in touch is the most important thing you can do.\n\n## Tips\n- Keep talking and show a genuine interest in what occupies the person.\n- Listen without judging straight away; ask why.\n- Acknowledge feelings of injustice or exclusion, even if you disagree with the conclusions.\n- Say clearly where your limit is: you do not accept violence or hatred.\n- Look together for what connects the person with others: school, work, sport, friends, family.\n- Do not face it alone.\n\nThe city's contact point for extremism and polarisation gives information, advice and individual guidance. In immediate danger, call 112.",
                ),
            ],
        },
    ]
}

const DEFINITIONS_BODY_NL: &str = concat!(
    "Om duidelijk te maken waarover het gaat, gebruikt het actieplan preventie van extremisme en polarisering deze omschrijvingen. De omschrijving van extremisme steunt op de wet van 30 november 1998 houdende regeling van de inlichtingen- en veiligheidsdiensten.\n\n",
    "## Extremisme\n",
    "“racistische, xenofobe, anarchistische, nationalistische, autoritaire of totalitaire opvattingen of bedoelingen, ongeacht of ze van politieke, ideologische, confessionele of filosofische aard zijn, die theoretisch of in de praktijk strijdig zijn met de beginselen van de democratie of de mensenrechten, met de goede werking van de democratische instellingen of andere grondslagen van de rechtsstaat. Hieronder wordt ook het radicaliseringsproces begrepen.”\n\n",
    "## Radicaliseringsproces\n",
    "“Een dynamisch proces dat begint met een vervreemding van de samenleving en van het politieke systeem, een groeiende intolerantie ten overstaand van een gedachtegoed dat men niet deelt en de toenemende bereidheid om geweld te aanvaarden als middel om het eigen gedachtegoed op te leggen aan anderen.”\n\n",
    "## Polarisering\n",
    "“De verscherping van tegenstellingen tussen groepen in de samenleving, die resulteert of kan resulteren in (een toename van) spanningen tussen groepen en in risico’s voor de sociale veiligheid.”\n\n",
    "Heeft u vragen of zorgen over een van deze thema's? Bij het stedelijk aanspreekpunt extremisme en polarisering kan iedereen terecht voor info, advies of individuele begeleiding."
);

const DEFINITIONS_BODY_FR: &str = concat!(
    "Pour préciser de quoi il s'agit, le plan d'action de prévention de l'extrémisme et de la polarisation utilise ces définitions. La définition de l'extrémisme s'appuie sur la loi du 30 novembre 1998 organique des services de renseignement et de sécurité. Traduction : le texte néerlandais du plan fait foi.\n\n",
    "## Extrémisme\n",
    "« les conceptions ou les visées racistes, xénophobes, anarchistes, nationalistes, autoritaires ou totalitaires, qu'elles soient à caractère politique, idéologique, confessionnel ou philosophique, contraires, en théorie ou en pratique, aux principes de la démocratie ou des droits de l'homme, au bon fonctionnement des institutions démocratiques ou aux autres fondements de l'État de droit. Le processus de radicalisation en fait également partie. »\n\n",
    "## Processus de radicalisation\n",
    "« Un processus dynamique qui commence par une aliénation de la société et du système politique, une intolérance croissante envers des idées que l'on ne partage pas et une disposition croissante à accepter la violence comme moyen d'imposer ses propres idées aux autres. »\n\n",
    "## Polarisation\n",
    "« L'accentuation des oppositions entre groupes de la société, qui entraîne ou peut entraîner (une augmentation) des tensions entre groupes et des risques pour la sécurité sociétale. »\n\n",
    "Vous avez des questions ou des inquiétudes sur l'un de ces thèmes ? Chacun peut s'adresser au point de contact extrémisme et polarisation de la ville pour des informations, des conseils ou un accompagnement individuel."
);

const DEFINITIONS_BODY_EN: &str = concat!(
    "To make clear what it is about, the action plan for the prevention of extremism and polarisation uses these definitions. The definition of extremism rests on the Belgian law of 30 November 1998 on the intelligence and security services. Translation: the Dutch text of the plan is authoritative.\n\n",
    "## Extremism\n",
    "“racist, xenophobic, anarchist, nationalist, authoritarian or totalitarian views or aims, whether political, ideological, religious or philosophical in nature, that in theory or in practice are contrary to the principles of democracy or human rights, to the proper functioning of democratic institutions or to other foundations of the rule of law. This includes the radicalisation process.”\n\n",
    "## Radicalisation process\n",
    "“A dynamic process that begins with an alienation from society and from the political system, a growing intolerance of ideas one does not share and an increasing willingness to accept violence as a means of imposing one's own ideas on others.”\n\n",
    "## Polarisation\n",
    "“The sharpening of contrasts between groups in society, which results or may result in (an increase in) tensions between groups and in risks to social safety.”\n\n",
    "Do you have questions or concerns about one of these themes? Anyone can turn to the city's contact point for extremism and polarisation for information, advice or individual guidance."
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn codes(e: &FieldErrors) -> Vec<(&'static str, &'static str)> {
        e.iter().map(|(f, e)| (*f, e.code())).collect()
    }

    fn page<'a>() -> PageInput<'a> {
        PageInput {
            slug: "fake-news",
            topics: vec!["fake_news"],
            status: "published",
            nl: TextInput {
                title: "Fake news",
                summary: "",
                body: "Tekst",
            },
            ..PageInput::default()
        }
    }

    #[test]
    fn slugs_are_plain_lowercase_addresses() {
        for ok in ["fake-news", "in-gesprek", "abc", "p2-2026"] {
            assert_eq!(Slug::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "ab",
            "Fake-News",
            "-nieuws",
            "nieuws-",
            "nieuw--s",
            "fake news",
            "fake/news",
            "café",
            "beheer",
            "nieuw",
            "../etc",
            &"a".repeat(81),
        ] {
            assert_eq!(Slug::parse(bad), Err(FieldError::SlugInvalid), "{bad}");
        }
        assert_eq!(Slug::parse("  "), Err(FieldError::Required));
    }

    #[test]
    fn dutch_is_required_and_a_translation_is_whole_or_absent() {
        let p = parse_page(&page(), |_| false).unwrap();
        assert_eq!(p.texts.len(), 1);
        assert_eq!(p.status, PageStatus::Published);
        let mut no_dutch = page();
        no_dutch.nl = TextInput::default();
        no_dutch.fr = TextInput {
            title: "Fausses nouvelles",
            summary: "",
            body: "Texte",
        };
        assert_eq!(
            codes(&parse_page(&no_dutch, |_| false).unwrap_err()),
            vec![("title_nl", "required"), ("body_nl", "required")]
        );
        let mut half = page();
        half.en = TextInput {
            title: "Fake news",
            summary: "",
            body: "",
        };
        assert_eq!(
            codes(&parse_page(&half, |_| false).unwrap_err()),
            vec![("body_en", "translation_incomplete")]
        );
        let mut whole = page();
        whole.fr = TextInput {
            title: "Fausses nouvelles",
            summary: "Résumé",
            body: "Texte",
        };
        let p = parse_page(&whole, |_| false).unwrap();
        assert_eq!(
            p.texts.iter().map(|t| t.locale).collect::<Vec<_>>(),
            vec![Locale::NlBe, Locale::FrBe]
        );
    }

    #[test]
    fn topics_status_and_address_are_checked() {
        let mut p = page();
        p.topics = vec![];
        p.status = "live";
        assert_eq!(
            codes(&parse_page(&p, |_| false).unwrap_err()),
            vec![
                ("topics", "choose_at_least_one"),
                ("status", "unknown_choice")
            ]
        );
        let mut p = page();
        p.topics = vec!["fake_news", "astrology"];
        assert_eq!(
            codes(&parse_page(&p, |_| false).unwrap_err()),
            vec![("topics", "unknown_choice")]
        );
        assert_eq!(
            codes(&parse_page(&page(), |s| s.as_str() == "fake-news").unwrap_err()),
            vec![("slug", "slug_taken")]
        );
        let mut p = page();
        p.status = "";
        assert_eq!(parse_page(&p, |_| false).unwrap().status, PageStatus::Draft);
        let long = "x".repeat(BODY_MAX_CHARS + 1);
        let mut p = page();
        p.nl.body = &long;
        assert_eq!(
            codes(&parse_page(&p, |_| false).unwrap_err()),
            vec![("body_nl", "too_long")]
        );
    }

    #[test]
    fn the_visitor_reads_their_language_or_dutch() {
        use Locale::*;
        assert_eq!(pick_locale(&[NlBe, FrBe, En], FrBe), Some(FrBe));
        assert_eq!(pick_locale(&[NlBe, En], FrBe), Some(NlBe));
        assert_eq!(pick_locale(&[NlBe], En), Some(NlBe));
        assert_eq!(pick_locale(&[En], FrBe), Some(En));
        assert_eq!(pick_locale(&[], FrBe), None);
    }

    #[test]
    fn bodies_become_paragraphs_lists_and_headings_never_markup() {
        let b = blocks(
            "Eerste regel\ntweede regel\n\n## Tips\n- een\n- <script>twee</script>\nna de lijst\n\n\n<b>vet</b>",
        );
        assert_eq!(
            b,
            vec![
                Block::Paragraph(vec!["Eerste regel".into(), "tweede regel".into()]),
                Block::Heading("Tips".into()),
                Block::List(vec!["een".into(), "<script>twee</script>".into()]),
                Block::Paragraph(vec!["na de lijst".into()]),
                Block::Paragraph(vec!["<b>vet</b>".into()]),
            ]
        );
        assert!(blocks("  \n \n").is_empty());
    }

    #[test]
    fn the_default_set_quotes_the_plan_and_parses() {
        let pages = default_pages();
        let defs = pages.iter().find(|p| p.slug == "definities").unwrap();
        let nl = defs.texts[0];
        assert_eq!(nl.0, Locale::NlBe);
        for quote in [
            DEFINITION_EXTREMISM_NL,
            DEFINITION_RADICALISATION_NL,
            DEFINITION_POLARISATION_NL,
        ] {
            assert!(nl.3.contains(&format!("“{quote}”")), "{quote}");
        }
        // Every topic of the plan has a page, every page has all three
        // languages and passes the same rules as a page the expert writes.
        for t in Topic::ALL {
            assert!(pages.iter().any(|p| p.topics.contains(t)), "{t:?}");
        }
        let mut slugs = std::collections::HashSet::new();
        for p in &pages {
            assert!(slugs.insert(p.slug));
            let text = |l: Locale| {
                let (_, title, summary, body) = *p.texts.iter().find(|t| t.0 == l).unwrap();
                TextInput {
                    title,
                    summary,
                    body,
                }
            };
            let input = PageInput {
                slug: p.slug,
                topics: p.topics.iter().map(|t| t.code()).collect(),
                status: "draft",
                nl: text(Locale::NlBe),
                fr: text(Locale::FrBe),
                en: text(Locale::En),
            };
            let parsed = parse_page(&input, |_| false).unwrap();
            assert_eq!(parsed.texts.len(), 3, "{}", p.slug);
        }
    }

    proptest! {
        /// Blocks keep every word of the body, in order, and add none.
        #[test]
        fn blocks_keep_the_text(body in "[a-z<>&\"' #-]{0,12}(\n{0,2}[a-z<>&\"' #-]{0,12}){0,8}") {
            let words = |s: &str| -> Vec<String> {
                s.split_whitespace()
                    .filter(|w| *w != "-" && *w != "##")
                    .map(str::to_owned)
                    .collect()
            };
            let shown: String = blocks(&body)
                .into_iter()
                .flat_map(|b| match b {
                    Block::Heading(h) => vec![h],
                    Block::Paragraph(l) | Block::List(l) => l,
                })
                .collect::<Vec<_>>()
                .join(" ");
            prop_assert_eq!(words(&shown), words(&body));
        }

        #[test]
        fn an_accepted_slug_is_safe_in_a_path(s in "\\PC{0,90}") {
            if let Ok(slug) = Slug::parse(&s) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!RESERVED_SLUGS.contains(&slug.as_str()));
            }
        }
    }
}
