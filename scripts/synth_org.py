#!/usr/bin/env python3
"""Generate a synthetic organisation in truenorth's goals format.

Writes DIR/goals/ (vision, metrics, corporate goals, a tree of departments and one file per
person) so that DIR can be passed to `truenorth check --root DIR`. The output is a pure
function of --people and --seed: the same arguments always give byte-identical files.

Only the standard library is needed to generate; YAML text is emitted directly (quoting any
string that would not read back as the same string), which keeps 100,000 people fast. People
files are written by --jobs worker processes (forked); each department's people draw from their
own random generator seeded by (seed, department id), so the bytes never depend on --jobs.

Examples:
    python scripts/synth_org.py --people 1000 --out /tmp/org1k
    python scripts/synth_org.py --people 100000 --out /tmp/org100k --seed 7 --force
    python scripts/synth_org.py --people 10000 --out /tmp/org10k --history 10   # a git repository, 10 versions per file
    truenorth check --root /tmp/org1k
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

YEAR = 2027
MAX_DEPTH = 3  # divisions are depth 0; sub-departments go down to depth 3 (teams)
PEOPLE_PER_DEPARTMENT = 20
# truenorth warns (TN117) when a person owns more than max_goals_per_person (default 5) active
# goals. Everyone keeps at least 3 individual goals, so a person owns at most 2 corporate or
# department goals on top of them (only tiny organisations, where there are too few people to
# share the goals out, can go over).
MAX_ACTIVE_GOALS = 5
MIN_INDIVIDUAL_GOALS = 3
MAX_LEADING = MAX_ACTIVE_GOALS - MIN_INDIVIDUAL_GOALS

# The `$schema` reference written at the top of each file, relative to the file as if the
# output directory were the repository root (where schemas/ lives).
SCHEMA_HEADER = {
    "vision": "../schemas/vision.schema.json",
    "metrics": "../schemas/metrics.schema.json",
    "corporate": "../schemas/corporate.schema.json",
    "department": "../../schemas/department.schema.json",
    "person": "../../../schemas/person.schema.json",
}

# --------------------------------------------------------------------------------------------
# Phrase lists
# --------------------------------------------------------------------------------------------

CUSTOMER_OUTCOMES = {"csat", "nps", "fcr", "ces", "repeat-contacts", "complaints"}  # `customer: true` (rule TN207)
# id, name, definition, unit, direction, kind, baseline range, decimals, improvement range
METRICS = [
    ("csat", "Customer satisfaction (CSAT)",
     "Share of surveyed customers who rate the contact 4 or 5 out of 5.",
     "%", "higher", "outcome", (68, 86), 0, (3, 9)),
    ("nps", "Net Promoter Score (NPS)",
     "Promoters minus detractors, as a share of surveyed customers.",
     "score", "higher", "outcome", (-5, 35), 0, (4, 15)),
    ("fcr", "First-contact resolution (FCR)",
     "Share of issues resolved without the customer contacting us again within 7 days.",
     "%", "higher", "outcome", (58, 78), 0, (3, 10)),
    ("ces", "Customer effort score (CES)",
     "Average answer to 'How easy was it to get your issue resolved?' on a 1-7 scale, 1 being very easy.",
     "score (1-7)", "lower", "outcome", (2.6, 4.4), 1, (0.2, 0.8)),
    ("repeat-contacts", "Repeat contacts",
     "Share of customers who contact us again about the same issue within 7 days.",
     "%", "lower", "outcome", (9, 24), 0, (2, 6)),
    ("complaints", "Complaints per 1,000 contacts",
     "Formal complaints logged for every 1,000 handled contacts.",
     "per 1,000 contacts", "lower", "outcome", (1.5, 7.5), 1, (0.3, 2.0)),
    ("qa-score", "Quality assurance score",
     "Average score of evaluated contacts against the quality framework.",
     "%", "higher", "outcome", (72, 88), 0, (2, 8)),
    ("voc-actions", "Voice-of-the-customer actions closed",
     "Improvements made from customer feedback and closed with the customer in the period.",
     "actions", "higher", "outcome", (3, 25), 0, (3, 15)),
    ("internal-csat", "Internal customer satisfaction",
     "Share of front-line colleagues who rate the support they get from a team 4 or 5 out of 5.",
     "%", "higher", "outcome", (55, 80), 0, (5, 12)),
    ("enps", "Employee Net Promoter Score (eNPS)",
     "Promoters minus detractors among colleagues asked whether they would recommend us as a place to work.",
     "score", "higher", "outcome", (-15, 25), 0, (5, 15)),
    ("attrition", "Attrition",
     "Annualised share of colleagues who leave, voluntarily or not.",
     "% per year", "lower", "outcome", (18, 45), 0, (3, 10)),
    ("time-to-proficiency", "Time to proficiency",
     "Days from a new starter's first day until they meet the quality and resolution standard unaided.",
     "days", "lower", "outcome", (35, 95), 0, (5, 20)),
    ("coaching-coverage", "Coaching coverage",
     "Share of colleagues who had at least one one-to-one coaching session in the month.",
     "%", "higher", "outcome", (40, 80), 0, (8, 20)),
    ("recognitions", "Peer recognitions",
     "Recognitions given per colleague per quarter on the recognition platform.",
     "per person per quarter", "higher", "outcome", (0.5, 3.0), 1, (0.5, 2.0)),
    ("aht", "Average handling time (AHT)",
     "Average talk, hold and wrap-up time per handled contact.",
     "seconds", "lower", "efficiency", (330, 620), 0, (15, 60)),
    ("asa", "Average speed of answer (ASA)",
     "Average time a customer waits before a person answers.",
     "seconds", "lower", "efficiency", (25, 180), 0, (5, 40)),
    ("cost-per-contact", "Cost per contact",
     "Fully loaded operating cost divided by the number of handled contacts.",
     "EUR", "lower", "efficiency", (3.2, 8.5), 2, (0.2, 1.0)),
    ("backlog-age", "Backlog age",
     "Average age of open back-office cases.",
     "days", "lower", "efficiency", (1.5, 9.0), 1, (0.5, 3.0)),
]
METRIC_SPEC = {m[0]: m for m in METRICS}
EFFICIENCY = {m[0] for m in METRICS if m[5] == "efficiency"}
PERCENT = {m[0] for m in METRICS if m[3].startswith("%")}
SCORE = {"nps", "enps"}

PLAYS = [
    "diagnose-your-culture", "lead-by-example", "cascade-the-vision", "customer-experience-goals",
    "voice-of-the-customer", "open-about-low-scores", "realign-efficiency-kpis", "internal-customers",
    "hire-and-onboard", "coach-to-the-person", "empower-the-front-line", "recognise-and-celebrate",
    "champions-and-peer-mentoring", "morale-and-experience", "keep-it-profitable",
]


@dataclass(frozen=True)
class Theme:
    outcome: tuple[str, ...]  # outcome metrics, the first is the headline one
    efficiency: tuple[str, ...]  # efficiency metrics a goal of this theme may also track
    plays: tuple[str, ...]
    team: tuple[tuple[str, str], ...]  # (id word, title template) for department goals
    individual: tuple[tuple[str, str], ...]  # (id word, title template) for individual goals
    why: tuple[str, ...]  # first sentence of a description
    how: tuple[str, ...]  # second sentence of a description


THEMES: dict[str, Theme] = {
    "resolution": Theme(
        outcome=("fcr", "repeat-contacts", "csat"),
        efficiency=("aht", "backlog-age"),
        plays=("customer-experience-goals", "empower-the-front-line", "realign-efficiency-kpis"),
        team=(
            ("first-contact", "Resolve {topic} at the first contact"),
            ("repeats", "Halve repeat contacts about {topic}"),
            ("root-cause", "Fix the root causes behind {topic}"),
            ("ownership", "Own {topic} end to end, without hand-offs"),
        ),
        individual=(
            ("first-contact", "Resolve {topic} on the first call"),
            ("repeats", "Cut my repeat contacts about {topic}"),
            ("follow-up", "Follow up every open case on {topic} within two working days"),
            ("ownership", "Own {topic} from first contact to fix"),
            ("root-cause", "Log the root cause of every repeat contact about {topic}"),
        ),
        why=(
            "Customers who have to come back about {topic} are our least satisfied.",
            "Every repeat contact about {topic} costs us twice and the customer's patience once more.",
            "Half of our contacts about {topic} are customers chasing an earlier promise.",
        ),
        how=(
            "We will review ten contacts a week and fix the most common cause together.",
            "Agents may settle cases up to 50 EUR without asking for approval.",
            "Progress is reviewed in the weekly team huddle.",
            "Hand-offs are replaced by one named owner per case.",
        ),
    ),
    "effort": Theme(
        outcome=("ces", "csat", "complaints"),
        efficiency=("asa",),
        plays=("customer-experience-goals", "voice-of-the-customer", "empower-the-front-line"),
        team=(
            ("effort", "Make {topic} effortless for customers"),
            ("steps", "Take the unnecessary steps out of {topic}"),
            ("no-transfers", "Answer {channel} contacts without transfers"),
        ),
        individual=(
            ("effort", "Make {topic} easier for the customers I serve"),
            ("no-repeat", "Never ask a customer to repeat themselves on {channel}"),
            ("one-step", "Remove one step from how we handle {topic}"),
            ("plain-words", "Explain {topic} in plain words"),
        ),
        why=(
            "Customers tell us that sorting out {topic} takes too many steps.",
            "Effort, not speed, is what turns a contact about {topic} into a complaint.",
            "Our effort score for {topic} is the worst of any contact reason.",
        ),
        how=(
            "We will map the journey with customers and remove what they do not need.",
            "Every transfer is reviewed the same day.",
            "Letters and scripts are rewritten with customers before they go live.",
        ),
    ),
    "listening": Theme(
        outcome=("nps", "voc-actions", "complaints"),
        efficiency=(),
        plays=("voice-of-the-customer", "open-about-low-scores", "customer-experience-goals"),
        team=(
            ("voc", "Turn customer feedback on {topic} into fixes"),
            ("detractors", "Call back every detractor about {topic}"),
            ("low-scores", "Share low scores on {topic} openly and act on them"),
        ),
        individual=(
            ("voc", "Turn survey comments on {topic} into actions"),
            ("stories", "Share one customer story about {topic} every week"),
            ("callbacks", "Call back detractors about {topic} within 48 hours"),
            ("close-loop", "Tell customers what changed because of their feedback on {topic}"),
        ),
        why=(
            "Customers keep telling us the same things about {topic}.",
            "Feedback on {topic} is collected every day but rarely acted on.",
            "Detractors who hear back from us within two days often become promoters.",
        ),
        how=(
            "Each comment gets an owner and an answer.",
            "The team votes on the top three fixes every month.",
            "Low scores are discussed in the open, never used to blame.",
        ),
    ),
    "quality": Theme(
        outcome=("qa-score", "csat", "complaints"),
        efficiency=("aht",),
        plays=("coach-to-the-person", "open-about-low-scores", "champions-and-peer-mentoring"),
        team=(
            ("quality", "Deliver consistent quality on {channel}"),
            ("calibration", "Calibrate how we judge {topic} contacts"),
            ("right-first", "Get {topic} right the first time, every time"),
        ),
        individual=(
            ("quality", "Raise my quality score on {channel} contacts"),
            ("calibration", "Join monthly calibration sessions on {topic}"),
            ("right-first", "Give accurate answers on {topic} first time"),
            ("self-review", "Review two of my own {channel} contacts each week"),
        ),
        why=(
            "Quality varies too much between {channel} and our other channels.",
            "Customers get different answers on {topic} depending on who they reach.",
            "Our quality framework now scores what customers value, not script compliance.",
        ),
        how=(
            "Evaluations are followed by a coaching conversation within a week.",
            "Champions run short calibration sessions every month.",
            "Scores are shared with the whole team, with the stories behind them.",
        ),
    ),
    "engagement": Theme(
        outcome=("enps", "attrition", "recognitions"),
        efficiency=(),
        plays=("morale-and-experience", "recognise-and-celebrate", "diagnose-your-culture", "lead-by-example"),
        team=(
            ("morale", "Make the team a place people want to stay"),
            ("recognition", "Celebrate great service every week"),
            ("workload", "Give people a say in their shifts and workload"),
        ),
        individual=(
            ("recognition", "Recognise a colleague's great work every week"),
            ("check-ins", "Hold a monthly check-in with everyone on my team"),
            ("ideas", "Bring one idea a month to make our day easier"),
            ("buddy", "Buddy a new colleague through their first month"),
        ),
        why=(
            "People who enjoy their work give customers a better experience.",
            "Our last pulse survey showed that people feel their effort goes unnoticed.",
            "Most leavers cite workload and a lack of recognition.",
        ),
        how=(
            "Recognition is specific, public and tied to what customers said.",
            "Team leaders protect time for one-to-ones every week.",
            "Shift swaps are agreed in the team, not escalated.",
        ),
    ),
    "capability": Theme(
        outcome=("time-to-proficiency", "coaching-coverage", "qa-score"),
        efficiency=(),
        plays=("hire-and-onboard", "coach-to-the-person", "champions-and-peer-mentoring"),
        team=(
            ("onboarding", "Get new starters confident on {topic} sooner"),
            ("coaching", "Coach every colleague on {topic} each month"),
            ("champions", "Grow champions for {topic}"),
        ),
        individual=(
            ("mastery", "Master {topic} within the quarter"),
            ("coaching", "Coach two colleagues on {topic}"),
            ("go-to", "Become the team's go-to person for {topic}"),
            ("certification", "Complete the {topic} certification"),
        ),
        why=(
            "New starters take too long to handle {topic} on their own.",
            "Confidence on {topic} is the main gap our coaching notes show.",
            "Customers notice when the person they reach is unsure about {topic}.",
        ),
        how=(
            "Coaching is one-to-one, based on real contacts and agreed goals.",
            "Every new starter gets a peer mentor for their first eight weeks.",
            "Champions share short tips in the morning huddle.",
        ),
    ),
    "internal": Theme(
        outcome=("internal-csat", "fcr"),
        efficiency=("backlog-age",),
        plays=("internal-customers", "cascade-the-vision", "empower-the-front-line"),
        team=(
            ("internal-service", "Serve the front line like customers on {topic}"),
            ("answers", "Give front-line teams faster answers on {topic}"),
            ("backlog", "Clear the {topic} backlog for good"),
        ),
        individual=(
            ("internal-service", "Treat front-line colleagues as my customers for {topic}"),
            ("answers", "Answer front-line questions on {topic} the same day"),
            ("knowledge", "Keep the knowledge article on {topic} up to date"),
        ),
        why=(
            "Front-line colleagues wait too long for answers on {topic}.",
            "When back-office work on {topic} stalls, the customer calls the front line again.",
            "Our internal survey rates support on {topic} lowest of all teams.",
        ),
        how=(
            "Front-line colleagues rate every answer we give them.",
            "A weekly stand-up with team leaders sets the priorities.",
            "Ageing cases are reviewed daily.",
        ),
    ),
    "profit": Theme(
        outcome=("csat", "repeat-contacts"),
        efficiency=("cost-per-contact", "aht", "asa"),
        plays=("keep-it-profitable", "realign-efficiency-kpis"),
        team=(
            ("cost", "Lower the cost of {topic} without hurting satisfaction"),
            ("self-service", "Move simple {topic} to self-service customers like"),
            ("failure-demand", "Remove failure demand from {topic}"),
        ),
        individual=(
            ("cost", "Reduce avoidable contacts about {topic}"),
            ("self-service", "Show customers how to handle simple {topic} themselves"),
            ("process", "Simplify the process behind {topic}"),
            ("failure-demand", "Spot and report failure demand on {topic}"),
        ),
        why=(
            "A third of contacts about {topic} should never have been needed.",
            "Cutting handling time alone made {topic} worse last year.",
            "Self-service for {topic} only saves money if customers trust it.",
        ),
        how=(
            "Cost targets always sit next to an outcome target.",
            "Savings come from removing the reasons customers contact us.",
            "We track satisfaction weekly so that savings never hurt service.",
        ),
    ),
}

# Corporate goals: (id, theme, title, description). 5 to 8 of them are used, in this order.
CORPORATE = [
    ("cx-first-contact-resolution", "resolution", "Solve it the first time",
     "Customers get their problem solved in one contact, on the channel they chose."),
    ("cx-effortless-service", "effort", "Make every contact effortless",
     "No customer has to chase us, repeat themselves or be transferred to get an answer."),
    ("cx-listen-and-act", "listening", "Act on what customers tell us",
     "Every piece of feedback gets an owner, and customers hear what changed."),
    ("people-great-place-to-work", "engagement", "Make this a place people want to work",
     "People who feel valued stay longer and serve customers better."),
    ("cx-consistent-quality", "quality", "Deliver the same great service on every channel",
     "Customers get the same accurate answer whoever and however they ask."),
    ("people-skilled-and-confident", "capability", "Skilled, confident people from day one",
     "Every colleague is trained, coached and trusted to solve problems."),
    ("ops-internal-service", "internal", "Serve the front line like customers",
     "Support teams measure themselves by how well the front line can serve customers."),
    ("fin-profitable-service", "profit", "Keep great service profitable",
     "We lower cost by removing the reasons customers contact us, not by rushing them."),
    ("cx-fewer-complaints", "listening", "Halve complaints by fixing their causes",
     "Each complaint is a free lesson; we fix the cause, not just the case."),
    ("cx-one-team", "resolution", "One team behind every customer",
     "Departments share ownership of the customer's problem until it is solved."),
]

CHANNELS = ("phone", "chat", "email", "social media", "web self-service", "app", "messaging", "video")


@dataclass(frozen=True)
class Domain:
    division: str  # the name of the top-level department
    units: tuple[str, ...]  # sub-department names
    topics: tuple[str, ...]
    themes: tuple[str, ...]  # themes the domain naturally works on, most typical first
    roles: tuple[str, ...]  # individual roles, the first is the most common one
    head_role: str  # "Director of {name}", "Head of {name}", ...


DOMAINS: dict[str, Domain] = {
    "contact-centre": Domain(
        "Customer Operations",
        ("Inbound Voice", "Live Chat", "Email Support", "Social Care", "Escalations", "Technical Support",
         "Business Customers", "Vulnerable Customers", "Returns & Exchanges", "Moving Home", "Outbound Care",
         "Sales & Upgrades"),
        ("billing questions", "delivery problems", "account changes", "broadband faults", "contract renewals",
         "refund requests", "moving-home requests", "service outages", "upgrade requests", "missed appointments"),
        ("resolution", "effort", "quality", "engagement", "profit"),
        ("Customer service agent", "Customer service agent", "Customer service agent", "Senior customer service agent",
         "Team leader", "Customer experience specialist", "Escalations specialist", "Resolution coach"),
        "Director of {name}",
    ),
    "billing": Domain(
        "Billing & Payments",
        ("Billing Operations", "Collections", "Payments", "Disputes", "Refunds", "Metering", "Credit Control",
         "Payment Plans"),
        ("disputed charges", "direct debit failures", "first bills", "estimated readings", "payment plans",
         "late-payment letters", "refunds", "bill explanations", "back-billing", "price changes"),
        ("resolution", "effort", "profit", "listening"),
        ("Billing specialist", "Billing specialist", "Collections agent", "Payments analyst", "Disputes handler",
         "Credit controller", "Billing team leader"),
        "Director of {name}",
    ),
    "quality": Domain(
        "Quality & Customer Insight",
        ("Quality Assurance", "Customer Insight", "Complaints Analysis", "Speech Analytics", "Journey Design",
         "Surveys"),
        ("call evaluations", "survey comments", "complaint root causes", "calibration", "journey mapping",
         "speech analytics", "detractor callbacks", "quality frameworks"),
        ("quality", "listening", "capability"),
        ("Quality analyst", "Quality analyst", "Customer insight analyst", "Journey designer", "Quality coach",
         "Survey manager", "Data analyst"),
        "Director of {name}",
    ),
    "people": Domain(
        "People & Learning",
        ("Learning & Development", "Recruitment", "HR Business Partners", "Well-being", "Onboarding Academy",
         "Leadership Development", "Reward & Recognition"),
        ("new-starter onboarding", "induction training", "coaching skills", "career paths", "shift patterns",
         "well-being check-ins", "exit interviews", "recognition", "leadership skills", "product training"),
        ("engagement", "capability", "internal"),
        ("Trainer", "Trainer", "Learning designer", "Recruiter", "HR business partner", "Well-being lead",
         "Coach", "People analyst"),
        "Director of {name}",
    ),
    "it": Domain(
        "Technology & IT Service",
        ("Service Desk", "CRM Platform", "Telephony", "Knowledge Management", "Workplace Technology",
         "Data & Reporting", "Integration", "Security Operations"),
        ("CRM outages", "agent desktop issues", "password resets", "laptop provisioning", "telephony incidents",
         "knowledge base search", "access requests", "reporting dashboards", "system log-ins", "headset faults"),
        ("internal", "effort", "resolution"),
        ("Service desk analyst", "Service desk analyst", "Systems engineer", "CRM developer", "Knowledge manager",
         "Data engineer", "Telephony engineer", "Product owner"),
        "Director of {name}",
    ),
    "digital": Domain(
        "Digital Channels",
        ("Web Self-Service", "Mobile App", "Chatbot", "Online Community", "Help Centre", "Digital Messaging"),
        ("web chat", "the mobile app", "self-service journeys", "chatbot hand-offs", "online sign-up",
         "help centre articles", "password recovery", "online payments", "order tracking"),
        ("effort", "listening", "profit"),
        ("Digital support agent", "Digital support agent", "UX designer", "Content designer", "Chatbot trainer",
         "Community manager", "Product manager"),
        "Director of {name}",
    ),
    "retention": Domain(
        "Complaints & Retention",
        ("Complaints Resolution", "Retention", "Ombudsman Liaison", "Customer Relations", "Win-back",
         "Executive Complaints"),
        ("formal complaints", "cancellation requests", "ombudsman cases", "vulnerable customers", "win-back offers",
         "goodwill gestures", "escalated cases", "contract exits"),
        ("listening", "resolution", "quality"),
        ("Complaints handler", "Complaints handler", "Retention specialist", "Customer relations manager",
         "Case manager", "Ombudsman liaison officer"),
        "Director of {name}",
    ),
    "workforce": Domain(
        "Workforce Planning & Finance",
        ("Workforce Planning", "Real-Time Management", "Scheduling", "Finance Business Partnering",
         "Vendor Management", "Forecasting"),
        ("forecast accuracy", "shift rotas", "overtime", "outsourcing contracts", "schedule adherence",
         "holiday planning", "intraday staffing", "budget reviews"),
        ("profit", "engagement", "internal"),
        ("Workforce planner", "Workforce planner", "Real-time analyst", "Scheduler", "Finance business partner",
         "Vendor manager", "Forecasting analyst"),
        "Director of {name}",
    ),
}
DOMAIN_ORDER = list(DOMAINS)
# How much of the organisation each division holds, relatively (the front line dominates).
DIVISION_WEIGHT = {"contact-centre": 45, "billing": 12, "quality": 6, "people": 7, "it": 9, "digital": 8,
                   "retention": 7, "workforce": 6}
assert set(DIVISION_WEIGHT) == set(DOMAINS)  # "contact-centre" always comes first: it owns the vision

SITES = ("Leeds", "Glasgow", "Lisbon", "Manila", "Cape Town", "Cork", "Kraków", "Monterrey", "Halifax",
         "Porto", "Belfast", "Durban", "Cebu", "Newcastle", "Bristol", "Warsaw", "Dublin", "Valencia",
         "Toronto", "Pune", "Sunderland", "Brno", "Málaga", "Swansea", "Tallinn", "Cardiff", "Gdańsk",
         "Bogotá", "Nairobi", "Edinburgh")
TEAMS = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet",
         "Kilo", "Lima", "Mike", "November", "Oscar", "Papa")

FIRST_NAMES = (
    "Ana", "Maria", "José", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah", "Sophia", "Lucas",
    "Mia", "Mateo", "Amelia", "Aarav", "Priya", "Ravi", "Ananya", "Wei", "Mei", "Jun", "Hiroshi", "Yuki",
    "Fatima", "Omar", "Aisha", "Yusuf", "Layla", "Chidi", "Ngozi", "Kwame", "Amara", "Thabo", "Zanele",
    "Siobhán", "Niamh", "Seán", "Aoife", "Ciarán", "Zoë", "Chloé", "Léa", "Hugo", "Inès", "Jürgen", "Anja",
    "Lukas", "Łukasz", "Zofia", "Katarzyna", "Piotr", "Björn", "Sigrid", "Søren", "Ingrid", "Matteo",
    "Giulia", "Sofia", "Diego", "Camila", "Valentina", "Santiago", "Lucía", "Andrés", "Isabel", "Tomás",
    "João", "Beatriz", "Rafael", "Leilani", "Kai", "Aroha", "Tama", "Dmitri", "Olga", "Ivan", "Elena",
    "Nikos", "Eleni", "Mehmet", "Elif", "Can", "Ayşe", "Grace", "Samuel", "Ruth", "Daniel", "Hannah",
    "Jack", "Charlotte", "Harry", "Isla", "George", "Freya", "Thomas", "Ella", "James", "Lily", "Mohammed",
    "Nour", "Tariq", "Sara", "Joon", "Min-ji", "Thanh", "Linh", "Arjun", "Deepa", "Marcus", "Tanisha",
)
LAST_NAMES = (
    "Ortiz", "Chen", "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
    "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Patel", "Khan", "Singh", "Sharma",
    "Gupta", "Ali", "Hussain", "Ahmed", "Nguyen", "Tran", "Kim", "Park", "Lee", "Wang", "Li", "Zhang",
    "Liu", "Tanaka", "Suzuki", "Sato", "García", "Fernández", "González", "Rodríguez", "López", "Martínez",
    "Sánchez", "Pérez", "Silva", "Santos", "Oliveira", "Costa", "Pereira", "Müller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Nowak", "Kowalski", "Wiśniewska", "Dubois", "Lefèvre", "Moreau", "Rossi", "Russo",
    "Bianchi", "Romano", "Jensen", "Nielsen", "Hansen", "Andersson", "Johansson", "Larsen", "O'Brien",
    "O'Connor", "Murphy", "Kelly", "Byrne", "Ryan", "MacDonald", "Campbell", "Stewart", "D'Souza", "Okafor",
    "Adeyemi", "Mensah", "Dlamini", "Nkosi", "Mwangi", "Haddad", "Yılmaz", "Demir", "Kaya", "Papadopoulos",
    "Ivanova", "Petrov", "Novak", "Horvat", "Kovač", "Ngata", "Te Awa", "Mahlangu", "Abubakar", "Van der Berg",
)

KR_NOTES = (
    "Measured monthly on {channel} contacts.",
    "Rolling three-month average.",
    "From the post-contact survey.",
    "Reported in the weekly team huddle.",
    "Sampled from at least 50 contacts a month.",
    "Taken from the quarterly pulse survey.",
)
HEALTH_REASONS = (
    "Vendor delay on the new {topic} tooling.",
    "Two experienced colleagues left during the quarter.",
    "Contact volumes about {topic} doubled after the price change.",
    "Waiting on a system fix for {topic}.",
)
DEPT_DESCRIPTIONS = (
    "Looks after {topic} and {topic2} for customers across every channel.",
    "The team customers and colleagues turn to for {topic}.",
    "Handles {topic}, from the first contact to the final fix.",
    "Supports the front line on {topic} and {topic2}.",
)
VISION = {
    "id": "vision",
    "title": "Every customer leaves with their problem solved",
    "statement": ("Whatever brought a customer to us, they leave with it solved, without effort and feeling "
                  "that we were on their side. Every goal in this organisation exists to make that true."),
    "values": [
        {"name": "Own the outcome", "description": "We finish what the customer started with us."},
        {"name": "Make it easy", "description": "We take effort away from customers and from each other."},
        {"name": "Listen, then act", "description": "Feedback is a gift; we act on it and say what changed."},
        {"name": "Grow together",
         "description": "We coach, recognise and look after each other, because happy people serve better."},
    ],
}

# --------------------------------------------------------------------------------------------
# YAML emission
# --------------------------------------------------------------------------------------------

# Words YAML 1.1 (and so PyYAML) reads as booleans or null when plain.
_YAML_SPECIAL = frozenset(
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~".split()
)
# A plain scalar is safe when it starts with a letter and holds no character that could end or
# change it (': ', ' #', flow indicators, quotes, escapes, line breaks). Commas are fine in block
# context; flow collections quote any string holding one.
_PLAIN_REST = re.compile(r"[^:#\[\]{}\"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*")
_PERIOD = re.compile(r"[0-9]{4}-(?:H[12]|Q[1-4])")  # a string in YAML 1.1 and 1.2 alike
_ESCAPE_EXTRA = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")
_ID_PLAIN = re.compile(r"[a-z][a-z0-9-]*")  # ids: plain unless a YAML word; not cached (each is unique)
_scalar_cache: dict[str, str] = {}


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is a subset of it)."""
    return _ESCAPE_EXTRA.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def yaml_scalar(value: object) -> str:
    """One scalar as YAML text (for block context) that reads back as exactly `value`."""
    if type(value) is str:
        cached = _scalar_cache.get(value)
        if cached is not None:
            return cached
        if _ID_PLAIN.fullmatch(value) and value not in _YAML_SPECIAL:
            return value
        if value and value[0].isalpha():
            plain = value[-1] != " " and value not in _YAML_SPECIAL and _PLAIN_REST.fullmatch(value)
        else:
            plain = _PERIOD.fullmatch(value)
        text = value if plain else _quoted(value)
        if len(_scalar_cache) < 500_000:
            _scalar_cache[value] = text
        return text
    if type(value) is int:
        return str(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "n" in text:  # exponent, inf or nan: not what a person writes
            raise ValueError(f"cannot write float {value!r}")
        return text
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def _flow(value: object) -> str:
    if type(value) is str and "," not in value:
        return yaml_scalar(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and "," in value:
        return _quoted(value)
    return yaml_scalar(value)


# Lists under these keys are written in flow style: `supports: [a, {goal: b, weight: 2}]`.
FLOW_KEYS = frozenset({"supports", "plays"})


def _emit_map(out: list[str], mapping: dict, indent: int) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit_map(out, value, indent + 2)
        elif isinstance(value, list):
            if key in FLOW_KEYS or not value:
                out.append(f"{pad}{key}: {_flow(value)}")
            else:
                out.append(f"{pad}{key}:")
                _emit_list(out, value, indent + 2)
        else:
            out.append(f"{pad}{key}: {yaml_scalar(value)}")


def _emit_list(out: list[str], items: list, indent: int) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first = len(out)
            _emit_map(out, item, indent + 2)
            out[first] = pad + "- " + out[first][indent + 2:]
        elif isinstance(item, (dict, list)):
            out.append(f"{pad}- {_flow(item)}")
        else:
            out.append(f"{pad}- {yaml_scalar(item)}")


def _emit_goals(out: list[str], goals: list[dict]) -> None:
    """`_emit_list(out, goals, 2)` made fast for goals, the bulk of the output: every value is a
    scalar except the flow lists and `key_results` (a list of flat mappings)."""
    scalar, cache, append = yaml_scalar, _scalar_cache, out.append
    for goal in goals:
        prefix = "  - "
        for key, value in goal.items():
            kind = type(value)
            if kind is str:
                append(f"{prefix}{key}: {cache.get(value) or scalar(value)}")
            elif kind is list:
                if key == "key_results" and value and all(type(kr) is dict and kr for kr in value):
                    append(f"{prefix}key_results:")
                    for kr in value:
                        inner = "      - "
                        for k, v in kr.items():
                            append(f"{inner}{k}: {v if type(v) is int else scalar(v)}")
                            inner = "        "
                elif key in FLOW_KEYS or not value:
                    append(f"{prefix}{key}: {_flow(value)}")
                else:
                    append(f"{prefix}{key}:")
                    _emit_list(out, value, 6)
            elif kind is dict:
                append(f"{prefix}{key}:")
                _emit_map(out, value, 6)
            else:
                append(f"{prefix}{key}: {scalar(value)}")
            prefix = "    "


def render(kind: str, doc: dict) -> str:
    """The text of one goals file: the `$schema` comment line, then `doc` as block YAML."""
    out = [f"# yaml-language-server: $schema={SCHEMA_HEADER[kind]}"]
    for key, value in doc.items():
        if key == "goals" and value and all(type(g) is dict and g for g in value):
            out.append("goals:")
            _emit_goals(out, value)
        else:
            _emit_map(out, {key: value}, 0)
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Ids and periods
# --------------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                           "đ": "d", "Đ": "D", "ı": "i"})
_NON_ID = re.compile(r"[^a-z0-9]+")


@functools.cache
def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    return _NON_ID.sub("-", text.lower()).strip("-")


# A period is (first quarter, last quarter) within YEAR.
PERIOD_NAMES = {(1, 4): YEAR, (1, 2): f"{YEAR}-H1", (3, 4): f"{YEAR}-H2",
                **{(q, q): f"{YEAR}-Q{q}" for q in range(1, 5)}}
# The periods strictly inside each period, halves before quarters.
SUB_PERIODS = {p: [s for s in PERIOD_NAMES if p[0] <= s[0] and s[1] <= p[1] and s != p] for p in PERIOD_NAMES}
assert SUB_PERIODS[(1, 4)][:2] == [(1, 2), (3, 4)]


def _fix(x: float, decimals: int, top: float, bottom: float) -> float | int:
    """x clamped to [bottom, top] and rounded as the metric is reported."""
    x = top if x > top else bottom if x < bottom else x
    return int(round(x)) if decimals == 0 else round(x, decimals)


# metric -> (higher is better, baseline low, baseline span, improvement low, improvement span,
#            decimals, smallest step, highest value, lowest value)
KR_RANGES = {
    m[0]: (m[4] == "higher", m[6][0], m[6][1] - m[6][0], m[8][0], m[8][1] - m[8][0], m[7], 10 ** -m[7],
           100 if m[0] in PERCENT or m[0] in SCORE else 1e9, -100 if m[0] in SCORE else 10 ** -m[7])
    for m in METRICS
}


@functools.cache
def _permutations(seq: tuple, k: int) -> list[tuple]:
    return list(itertools.permutations(seq, k))


@functools.cache
def _kr_choices(outcome: tuple, count: int) -> list[tuple]:
    """Metric lists to pick from: the headline-first list half the time, else any permutation."""
    perms = _permutations(outcome, count)
    return [outcome[:count]] * len(perms) + perms


def contains(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


# --------------------------------------------------------------------------------------------
# The organisation
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class GoalRef:
    """What lower levels need to know about a goal they may support."""

    id: str
    theme: str
    period: tuple[int, int]


@dataclass(slots=True)
class Dept:
    id: str
    name: str
    domain: str
    depth: int
    parent: "Dept | None"
    unit: str = ""
    site: str = ""
    head: int = -1  # index into Generator.people
    members: list[int] = field(default_factory=list)
    goals: list[GoalRef] = field(default_factory=list)
    doc: dict | None = None


@dataclass(slots=True)
class Person:
    id: str
    name: str
    dept: Dept
    role: str = ""
    n_goals: int = 3  # individual goals wished for; fewer if the person owns higher-level goals
    leading: int = 0  # corporate and department goals this person owns


@dataclass
class Stats:
    people: int = 0
    departments: int = 0
    goals: int = 0
    files: int = 0
    bytes: int = 0


class Generator:
    """Builds the organisation for (people, seed); `files()` yields (relative path, kind, document)."""

    def __init__(self, people: int, seed: int) -> None:
        if people < 1:
            raise ValueError("people must be at least 1")
        self.n_people = people
        self.seed = seed
        self.use_rng(random.Random(seed))
        self.used: set[str] = {"vision"} | set(METRIC_SPEC)
        self.people: list[Person] = []
        self.depts: list[Dept] = []
        self.corporate: list[GoalRef] = []
        self.stats = Stats()

    # -- helpers ------------------------------------------------------------------------------

    def use_rng(self, rng: random.Random) -> None:
        self.rng = rng
        r = self.r = rng.random
        # seq[int(random() * len)] is random.choice without its rejection loop: several times faster
        # and just as deterministic.
        self.pick = lambda seq: seq[int(r() * len(seq))]

    def unique_id(self, base: str) -> str:
        base = base[:58].strip("-") or "x"
        candidate, n = base, 2
        while candidate in self.used:
            candidate = f"{base}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate

    def sample(self, seq: tuple | list, k: int) -> list:
        """k distinct items of seq in random order (a cheap random.sample for short sequences)."""
        return list(self.pick(_permutations(tuple(seq), k)))

    def key_results(self, theme: Theme, count: int) -> list[dict]:
        r, pick = self.r, self.pick
        count = min(count, len(theme.outcome))
        # Half the time the theme's headline metric comes first, else any mix of its outcomes.
        metrics = list(pick(_kr_choices(theme.outcome, count)))
        if theme.efficiency and r() < 0.3:
            # An efficiency target never stands alone: the outcome key result stays beside it.
            metrics = metrics[: max(1, count - 1)] + [pick(theme.efficiency)]
        return [self.key_result(m) for m in metrics]

    def key_result(self, metric: str) -> dict:
        r = self.r
        higher, lo, span, dlo, dspan, decimals, step, top, bottom = KR_RANGES[metric]
        baseline = lo + span * r()
        delta = dlo + dspan * r()
        target = baseline + delta if higher else baseline - delta
        current = baseline + (target - baseline) * (-0.25 + 1.45 * r())
        kr: dict = {"metric": metric}
        if r() < 0.15:
            kr["description"] = self.pick(KR_NOTES).format(channel=self.pick(CHANNELS))
        b, t = _fix(baseline, decimals, top, bottom), _fix(target, decimals, top, bottom)
        if b == t:  # rounding ate the improvement: move the baseline one step the wrong way
            b = _fix(b - step if higher else b + step, decimals, top, bottom)
            if b == t:
                t = _fix(t + step if higher else t - step, decimals, top, bottom)
        kr["baseline"], kr["target"], kr["current"] = b, t, _fix(current, decimals, top, bottom)
        return kr

    def goal(self, gid: str, title: str, supports: list, owner: str, period: tuple[int, int], theme_name: str,
             topic: str, n_krs: int, level: str) -> dict:
        r, pick = self.r, self.pick
        theme = THEMES[theme_name]
        g: dict = {"id": gid, "title": title, "supports": supports, "owner": owner}
        if r() < (0.8 if level != "individual" else 0.6):
            g["description"] = f"{pick(theme.why)} {pick(theme.how)}".format(topic=topic, channel=pick(CHANNELS))
        g["period"] = PERIOD_NAMES[period]
        x = r()
        if level == "individual":
            if x < 0.02:
                g["status"] = "achieved"
            elif x < 0.025:
                g["status"] = "retired"
            elif x < 0.035:
                g["health"] = "at-risk"
                g["health_reason"] = pick(HEALTH_REASONS).format(topic=topic)
            if r() < 0.03:
                g["visibility"] = "private"
        elif x < 0.03:
            g["health"] = pick(("at-risk", "off-track"))
            g["health_reason"] = pick(HEALTH_REASONS).format(topic=topic)
        if r() < 0.35:
            plays = self.sample(theme.plays, 2 if r() < 0.33 and len(theme.plays) > 1 else 1)
            if level == "department" and r() < 0.3:
                extra = pick(("cascade-the-vision", "lead-by-example"))
                if extra not in plays:
                    plays.append(extra)
            g["plays"] = plays
        krs = self.key_results(theme, n_krs)
        if g.get("status") == "achieved":
            for kr in krs:
                kr["current"] = kr["target"]
        g["key_results"] = krs
        return g

    # -- structure ----------------------------------------------------------------------------

    def build_structure(self) -> None:
        rng = self.rng
        n_depts = max(1, round(self.n_people / PEOPLE_PER_DEPARTMENT))
        n_top = min(n_depts, 8, 3 + n_depts // 10) if n_depts > 3 else n_depts
        domains = DOMAIN_ORDER[:1] + rng.sample(DOMAIN_ORDER[1:], len(DOMAIN_ORDER) - 1)
        used_names: set[str] = set()
        for i in range(n_top):
            domain = DOMAINS[domains[i]]
            self.depts.append(Dept(self.unique_id(slugify(domain.division)), domain.division, domains[i], 0, None))
            used_names.add(domain.division)
        # Sub-departments go to divisions in proportion to their weight (the front line is the
        # biggest), then to a random department of that division that may still have children.
        eligible = {d.domain: [d] for d in self.depts}
        weights = [DIVISION_WEIGHT[d.domain] for d in self.depts]
        total = sum(weights)
        unit_cursor: dict[str, int] = {}
        for _ in range(n_depts - n_top):
            x = self.r() * total
            k = 0
            while k < len(weights) - 1 and x >= weights[k]:
                x -= weights[k]
                k += 1
            parent = self.pick(eligible[self.depts[k].domain])
            domain = DOMAINS[parent.domain]
            depth = parent.depth + 1
            unit = parent.unit
            site = parent.site
            if depth == 1:
                k = unit_cursor.get(parent.id, int(self.r() * len(domain.units)))
                unit_cursor[parent.id] = k + 1
                unit = domain.units[k % len(domain.units)]
                name = unit
            elif depth == 2:
                site = self.pick(SITES)
                name = f"{unit} {site}"
            else:
                name = f"{unit} {site} Team {self.pick(TEAMS)}"
            base, n = name, 2
            while name in used_names:
                name = f"{base} {n}"
                n += 1
            used_names.add(name)
            dept = Dept(self.unique_id(slugify(name)), name, parent.domain, depth, parent, unit, site)
            self.depts.append(dept)
            if depth < MAX_DEPTH:
                eligible[dept.domain].append(dept)

        width = max(4, len(str(self.n_people)))
        for i in range(self.n_people):
            # The first len(depts) people head one department each; everyone else joins at random.
            dept = self.depts[i] if i < len(self.depts) else self.depts[int(self.r() * len(self.depts))]
            first, last = self.pick(FIRST_NAMES), self.pick(LAST_NAMES)
            pid = f"{slugify(first)}-{slugify(last)}-{i + 1:0{width}d}"
            if pid in self.used:  # cannot happen (departments have no numbered ids), but never write a duplicate
                raise AssertionError(f"person id {pid} is already used")
            self.used.add(pid)
            person = Person(pid, f"{first} {last}", dept, n_goals=self.pick((3, 4, 4, 5)))
            domain = DOMAINS[dept.domain]
            if i < len(self.depts):
                dept.head = i
                if dept.depth == 0:
                    person.role = "Chief Customer Officer" if i == 0 else domain.head_role.format(name=dept.name)
                elif dept.depth == 1:
                    person.role = f"Head of {dept.name}"
                elif dept.depth == 2:
                    person.role = f"{dept.unit} manager, {dept.site}"
                else:
                    person.role = "Team leader"
            else:
                r = self.r()
                person.role = domain.roles[0] if r < 0.4 else self.pick(domain.roles)
            dept.members.append(i)
            self.people.append(person)

    # -- goals --------------------------------------------------------------------------------

    def build_corporate(self) -> dict:
        rng = self.rng
        count = rng.randint(5, 8)
        chosen = sorted(rng.sample(range(len(CORPORATE)), count))
        tops = [d for d in self.depts if d.depth == 0]
        goals = []
        for k, idx in enumerate(chosen):
            cid, theme_name, title, description = CORPORATE[idx]
            cid = self.unique_id(cid)
            # Division heads own the corporate goals; the first is the chief customer officer's.
            owner = self.pick_owner([d.head for d in tops], [i for d in tops for i in d.members])
            theme = THEMES[theme_name]
            g = {"id": cid, "title": title, "supports": ["vision"], "owner": owner, "description": description,
                 "period": YEAR}
            if self.r() < 0.4:
                g["plays"] = [self.pick(theme.plays), "cascade-the-vision"]
            g["key_results"] = self.key_results(theme, 3)
            goals.append(g)
            self.corporate.append(GoalRef(cid, theme_name, (1, 4)))
        self.stats.goals += len(goals)
        return {"goals": goals}

    def build_department(self, dept: Dept, uncovered: list[GoalRef]) -> None:
        domain = DOMAINS[dept.domain]
        # No more goals than the members can own without going over the cap (but at least 2).
        capacity = sum(max(0, MAX_LEADING - self.people[i].leading) for i in dept.members)
        n_goals = min(2 + int(self.r() * 3), max(2, capacity))
        goals = []
        words_used: set[str] = set()
        for _ in range(n_goals):
            supports: list = []
            if dept.parent is None:
                # Divisions support corporate goals, preferring those nobody supports yet and
                # those that fit what the division does.
                pool = uncovered or self.corporate
                fitting = [c for c in pool if c.theme in domain.themes]
                target = self.pick(fitting or pool)
                if target in uncovered:
                    uncovered.remove(target)
                period_outer = target.period
            elif self.r() < 0.8 and dept.parent.goals:
                target = self.pick(dept.parent.goals)
                period_outer = target.period
            else:
                fitting = [c for c in self.corporate if c.theme in domain.themes]
                target = self.pick(fitting or self.corporate)
                period_outer = target.period
            supports.append(target.id)
            period = self.pick_period(period_outer, 0.55 if dept.parent is None else 0.45)
            if dept.parent is not None and target not in self.corporate and self.r() < 0.1:
                other = self.pick(self.corporate)  # corporate goals span the year: always compatible
                supports.append(other.id)
            theme_name = target.theme
            theme = THEMES[theme_name]
            word, template = self.pick([t for t in theme.team if t[0] not in words_used] or theme.team)
            words_used.add(word)
            topic = self.pick(domain.topics)
            title = template.format(topic=topic, channel=self.pick(CHANNELS))
            preferred = [dept.head] if self.r() < 0.75 else [self.pick(dept.members)]
            owner = self.pick_owner(preferred, dept.members)
            gid = self.unique_id(f"{dept.id}-{word}")
            goals.append(self.goal(gid, title, supports, owner, period, theme_name,
                                   topic, 2 + int(self.r() * 2), "department"))
            dept.goals.append(GoalRef(gid, theme_name, period))
        info: dict = {"id": dept.id, "name": dept.name, "head": self.people[dept.head].id}
        if dept.parent is not None:
            info["parent"] = dept.parent.id
        if self.r() < 0.7:
            t1, t2 = self.sample(domain.topics, 2)
            info["description"] = self.pick(DEPT_DESCRIPTIONS).format(topic=t1, topic2=t2)
        dept.doc = {"department": info, "goals": goals}
        self.stats.goals += len(goals)

    def pick_owner(self, preferred: list[int], others: list[int]) -> str:
        """The least busy preferred person, or a random one of `others` when all preferred are at the cap."""
        people = self.people
        best = min(preferred, key=lambda i: people[i].leading)
        if people[best].leading >= MAX_LEADING:
            free = [i for i in others if people[i].leading < MAX_LEADING]
            best = self.pick(free) if free else min(others + preferred, key=lambda i: people[i].leading)
        people[best].leading += 1
        return people[best].id

    def pick_period(self, outer: tuple[int, int], p_same: float) -> tuple[int, int]:
        subs = SUB_PERIODS[outer]
        if not subs or self.r() < p_same:
            return outer
        if len(subs) == 6:  # a year: halves as often as quarters
            return self.pick(subs[:2]) if self.r() < 0.5 else self.pick(subs[2:])
        return self.pick(subs)

    def person_doc(self, idx: int, uncovered: list[GoalRef]) -> dict:
        person = self.people[idx]
        dept = person.dept
        domain = DOMAINS[dept.domain]
        goals = []
        words_used: set[str] = set()
        n_goals = max(MIN_INDIVIDUAL_GOALS, min(person.n_goals, MAX_ACTIVE_GOALS - person.leading))
        for _ in range(n_goals):
            # Every department goal gets at least one supporting individual goal.
            primary = uncovered.pop() if uncovered else self.pick(dept.goals)
            period = self.pick_period(primary.period, 0.5)
            supports: list = [primary.id]
            if len(dept.goals) > 1 and self.r() < 0.2:
                others = [g for g in dept.goals if g is not primary and contains(g.period, period)]
                if others:
                    supports.append(self.pick(others).id)
            if self.r() < 0.05:
                k = int(self.r() * len(supports))
                supports[k] = {"goal": supports[k], "weight": 2}
            theme_name = primary.theme
            templates = THEMES[theme_name].individual
            word, template = self.pick([t for t in templates if t[0] not in words_used] or templates)
            topic = self.pick(domain.topics)
            title = template.format(topic=topic, channel=self.pick(CHANNELS))
            # Unique without the global id set (so departments can be generated in any process): the
            # person id is unique and ends in its number, which no department or goal id of another
            # level does, and the word is unique within the person.
            gid = f"{person.id}-{word}" if word not in words_used else f"{person.id}-{word}-{len(goals) + 1}"
            words_used.add(word)
            goals.append(self.goal(gid, title, supports, person.id, period, theme_name, topic,
                                   self.pick((1, 2, 2)), "individual"))
        self.stats.goals += len(goals)
        return {
            "person": {"id": person.id, "name": person.name, "department": dept.id, "role": person.role},
            "goals": goals,
        }

    # -- output -------------------------------------------------------------------------------

    def prepare(self) -> list[tuple[str, str, dict]]:
        """Build the structure and every goal above individuals; return the organisation-level files
        (vision, metrics, corporate goals, departments)."""
        rng = self.rng
        self.build_structure()
        self.stats.people = len(self.people)
        self.stats.departments = len(self.depts)
        corporate = self.build_corporate()
        uncovered = list(self.corporate)
        rng.shuffle(uncovered)
        for dept in self.depts:  # parents come before their sub-departments
            self.build_department(dept, uncovered)
        for c in uncovered:  # still unsupported: add it to a division goal that fits best
            tops = [d for d in self.depts if d.depth == 0]
            fitting = [d for d in tops if c.theme in DOMAINS[d.domain].themes] or tops
            dept = self.pick(fitting)
            g = self.pick(dept.doc["goals"])
            g["supports"].append(c.id)

        vision = dict(VISION)
        vision["owner"] = self.people[self.depts[0].head].id
        out = [
            ("goals/vision.yaml", "vision", {"vision": vision}),
            ("goals/metrics.yaml", "metrics", {"metrics": [
                {"id": m[0], "name": m[1], "definition": m[2], "unit": m[3], "direction": m[4], "kind": m[5],
                 **({"customer": True} if m[0] in CUSTOMER_OUTCOMES else {})}
                for m in METRICS
            ]}),
            ("goals/corporate.yaml", "corporate", corporate),
        ]
        for dept in self.depts:
            out.append((f"goals/departments/{dept.id}.yaml", "department", dept.doc))
            dept.doc = None
        return out

    def people_files(self, dept_index: int) -> Iterator[tuple[str, str, dict]]:
        """The person files of one department (after `prepare`). Each department draws from its own
        generator seeded by (seed, department id), so departments can be written in any order or
        process and still give the same bytes."""
        dept = self.depts[dept_index]
        self.use_rng(random.Random(f"{self.seed}/{dept.id}"))
        uncovered = list(dept.goals)
        self.rng.shuffle(uncovered)
        members = sorted(dept.members, key=lambda i: i != dept.head)  # the head first
        for idx in members:
            yield f"goals/people/{dept.id}/{self.people[idx].id}.yaml", "person", self.person_doc(idx, uncovered)

    def files(self) -> Iterator[tuple[str, str, dict]]:
        """Yield (path relative to DIR, schema kind, document) for every file, in a fixed order."""
        yield from self.prepare()
        for i in range(len(self.depts)):
            yield from self.people_files(i)


class _Writer:
    """Writes rendered files under one root, counting files and bytes."""

    def __init__(self, root: Path) -> None:
        self.root = os.fspath(root)
        self.made: set[str] = set()
        self.files = 0
        self.bytes = 0
        self.flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def write(self, rel: str, kind: str, doc: dict) -> None:
        path = os.path.join(self.root, rel)
        parent = os.path.dirname(path)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        data = render(kind, doc).encode("utf-8")
        fd = os.open(path, self.flags, 0o666)  # plain os calls: much cheaper than open() for 100k small files
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.files += 1
        self.bytes += len(data)


_WORKER: tuple[Generator, Path] | None = None  # set before forking; the children inherit it


def _write_departments(span: tuple[int, int]) -> tuple[int, int, int]:
    gen, root = _WORKER
    writer, goals_before = _Writer(root), gen.stats.goals
    for i in range(*span):
        for rel, kind, doc in gen.people_files(i):
            writer.write(rel, kind, doc)
    return writer.files, writer.bytes, gen.stats.goals - goals_before


def default_jobs(people: int) -> int:
    """Worker processes used when --jobs is not given: one per CPU for big organisations."""
    if people < 5_000 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def write_org(out: Path, people: int, seed: int, jobs: int = 1) -> Stats:
    """Write the organisation under out/goals/ (which must not hold files) and return what was written.
    The bytes written do not depend on `jobs`."""
    global _WORKER
    gen = Generator(people, seed)
    writer = _Writer(out)
    for rel, kind, doc in gen.prepare():
        writer.write(rel, kind, doc)
    n = len(gen.depts)
    if jobs > 1 and n > 1 and "fork" in multiprocessing.get_all_start_methods():
        chunk = max(1, min(50, n // (jobs * 4)))
        spans = [(i, min(i + chunk, n)) for i in range(0, n, chunk)]
        _WORKER = (gen, out)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for files, size, goals in pool.imap_unordered(_write_departments, spans):
                    writer.files += files
                    writer.bytes += size
                    gen.stats.goals += goals
        finally:
            _WORKER = None
    else:
        for i in range(n):
            for rel, kind, doc in gen.people_files(i):
                writer.write(rel, kind, doc)
    gen.stats.files, gen.stats.bytes = writer.files, writer.bytes
    return gen.stats


HISTORY_START = "2027-01-04T09:00:00+00:00"  # the first commit of --history; each next one a week later
_CURRENT = re.compile(r"^(\s*current: )(-?[0-9.]+)$", re.M)


def write_history(out: Path, commits: int) -> int:
    """Make `out` a git repository whose history gives every goals file `commits` versions: the files as
    written, then commits-1 commits, each changing every key result's `current` (by a step of its own)
    and a last comment line, so each file changes in each. Authors and dates are fixed (a week apart),
    so the same arguments give the same commits. Returns the number of commits made."""
    goals = out / "goals"
    files = sorted(p for p in goals.rglob("*.yaml"))
    original = {p: p.read_text(encoding="utf-8") for p in files}

    def git(*args: str, when: str = HISTORY_START) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_NOSYSTEM": "1"}
        subprocess.run(["git", "-c", "user.name=Synth Org", "-c", "user.email=synth@example.org",
                        "-c", "commit.gpgsign=false", *args], cwd=out, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    if not (out / ".git").exists():
        git("init", "-q")
    import datetime as _dt

    start = _dt.datetime.fromisoformat(HISTORY_START)
    for number in range(commits):
        when = (start + _dt.timedelta(days=7 * number)).isoformat()
        if number:
            for path, text in original.items():
                def bumped(match: re.Match, k=number) -> str:
                    value = float(match.group(2))
                    new = value + k * max(0.1, abs(value) * 0.01)
                    return f"{match.group(1)}{round(new, 2):g}"

                path.write_text(_CURRENT.sub(bumped, text) + f"# revision {number}\n", encoding="utf-8")
        git("add", "-A", "goals", when=when)
        git("commit", "-q", "--allow-empty", "-m", f"revision {number}: progress update", when=when)
    return commits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="synth_org.py",
        description=(
            "Write a synthetic customer-service organisation in truenorth's goals format into DIR/goals/: "
            "vision, metric catalogue, corporate goals, a tree of departments (about one per "
            f"{PEOPLE_PER_DEPARTMENT} people) and one file per person with 3-5 individual goals. "
            "Every goal traces to the vision, so `truenorth check --root DIR` should pass. "
            "The same --people and --seed always give byte-identical files."
        ),
        epilog="example: python scripts/synth_org.py --people 10000 --out /tmp/org --seed 42",
    )
    parser.add_argument("--people", type=int, required=True, metavar="N",
                        help="number of people to generate (at least 1)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="output root; files go to DIR/goals/ (DIR is created if missing)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")
    parser.add_argument("--jobs", type=int, default=0, metavar="J",
                        help="worker processes writing people files (default: one per CPU, up to 8, from "
                             "5,000 people; 1 otherwise); the output does not depend on it")
    parser.add_argument("--history", type=int, default=0, metavar="N",
                        help="also make DIR a git repository in which every goals file has N versions (N commits "
                             "a week apart, each changing every key result's current value): the history "
                             "truenorth reads key-result trends from (default: 0, no repository)")
    parser.add_argument("--force", action="store_true",
                        help="delete an existing, non-empty DIR/goals/ first instead of refusing")
    args = parser.parse_args(argv)
    if args.people < 1:
        parser.error("--people must be at least 1")
    if args.jobs < 0:
        parser.error("--jobs must be 0 (automatic) or more")

    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} exists and is not a directory")
    goals_dir = args.out / "goals"
    if goals_dir.is_symlink() or (goals_dir.exists() and not goals_dir.is_dir()):
        parser.error(f"{goals_dir} exists and is not a plain directory; remove it yourself")
    if goals_dir.is_dir() and any(goals_dir.iterdir()):
        if not args.force:
            print(f"synth_org: {goals_dir} is not empty; use --force to replace it", file=sys.stderr)
            return 1
        shutil.rmtree(goals_dir)

    if args.history < 0:
        parser.error("--history must be 0 (no repository) or more")
    start = time.perf_counter()
    stats = write_org(args.out, args.people, args.seed, args.jobs or default_jobs(args.people))
    if args.history:
        write_history(args.out, args.history)
    seconds = time.perf_counter() - start
    print(
        f"synth_org: {stats.people} people, {stats.departments} departments, {stats.goals} goals, "
        f"{stats.files} files, {stats.bytes} bytes ({stats.bytes / 1e6:.1f} MB), {seconds:.2f} s -> {goals_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
