"""Synthetic Annex A: coherent children across all eleven lists, for demos, tests and benchmarks.

No public Annex A generator exists (annex_a.md section 10), so this one follows the constraints
gathered there: each child's events follow one another (contact, referral, assessment, section
47, conference, plan, care), open involvements appear on List 6 with the case status that
applies first, counts repeat on every row of a child, and every date falls in its list's window.
A clean workbook passes every error rule. ``messy=True`` then injects the faults real extracts
have: headers in row 1 with other spellings, topic-named sheets, IDs as numbers, dates as text,
council spellings of codes, blank mandatory cells, a child missing from List 6, a future date,
a duplicate row and a column Ofsted did not ask for.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from .exporting import DATE_FORMAT, write_annex_a_workbook
from .periods import age_on, months_before, years_after
from .spec import DATE, AnnexASpec, load_spec

YES, NO = "a) Yes", "b) No"
RETURNED_HOME = "e) E4A: Returned home to live with parents or relatives - part of planning"
SERVICES_CEASED = "RC7 - Services ceased for any other reason, including child no longer in need"
GENDERS = (("a) Male", 48), ("b) Female", 48), ("c) Not stated/recorded", 3), ("d) Neither", 1))
COUNCIL_SPELLINGS = {"a) Male": "1 - Male", "b) Female": "2 - Female"}
TEAMS = (
    "Front Door North",
    "Front Door South",
    "Assessment Team 1",
    "Assessment Team 2",
    "Children in Need East",
    "Child Protection West",
    "Children in Care",
    "Leaving Care",
)
FIRST = ("Sam", "Alex", "Jo", "Chris", "Priya", "Tomasz", "Aisha", "Ben", "Grace", "Kemi")
LAST = ("Patel", "Smith", "Jones", "Khan", "Nowak", "Brown", "Okafor", "Evans", "Ali", "Wright")
OTHER_COUNCILS = ("Leeds", "Bradford", "Kirklees", "Wakefield", "Calderdale", "Sheffield")
# Placement mixes by age at placement, simplified from csc-data-synthesizer (annex_a.md 10.2).
PLACEMENTS_BY_AGE = (
    (
        5,
        (
            ("d) U4: Foster placement - long term", 45),
            ("f) U6: Foster placement - not FFA", 35),
            ("a) U1: Foster placement - relatives - long term", 15),
            ("k) P1: Placed with parents", 5),
        ),
    ),
    (
        16,
        (
            ("d) U4: Foster placement - long term", 35),
            ("f) U6: Foster placement - not FFA", 25),
            ("p) K2: Children’s Homes", 20),
            ("a) U1: Foster placement - relatives - long term", 12),
            ("k) P1: Placed with parents", 5),
            ("u) S1: Residential school", 3),
        ),
    ),
    (
        99,
        (
            ("l) P2: Independent living", 30),
            ("n) H5: Residential accommodation", 30),
            ("d) U4: Foster placement - long term", 20),
            ("p) K2: Children’s Homes", 20),
        ),
    ),
)


def _weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Generator:
    spec: AnnexASpec
    as_at: date
    rng: random.Random
    council: str = "Demo Council"
    rows: dict[int, list[dict]] = field(default_factory=lambda: {n: [] for n in range(1, 12)})
    next_id: int = 100001

    @property
    def six_months_ago(self) -> date:
        return months_before(self.as_at, 6)

    @property
    def year_ago(self) -> date:
        return months_before(self.as_at, 12)

    def between(self, start: date, end: date) -> date:
        if end <= start:
            return max(start, min(end, self.as_at)) if end >= start else start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def weekday_on_or_after(self, day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def worker(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def new_child(self, *, min_age: int = 0, max_age: int = 17, unborn: bool = False) -> dict:
        child_id = str(self.next_id)
        self.next_id += 1
        if unborn:
            born, age = self.as_at + timedelta(days=self.rng.randint(20, 200)), -1
        else:
            latest = years_after(self.as_at, -min_age) if min_age else self.as_at
            earliest = years_after(self.as_at, -(max_age + 1)) + timedelta(days=1)
            born = self.between(earliest, latest)
            age = age_on(born, self.as_at)
        ethnicity = self.rng.choices(self.spec.code_sets["ethnicity"].codes, [60] + [2] * 19)[0]
        return {
            "child_id": child_id,
            "gender": _weighted(self.rng, GENDERS),
            "ethnicity": ethnicity,
            "date_of_birth": born,
            "age": age,
            "disability": _weighted(self.rng, ((NO, 85), (YES, 12), ("c) Unknown", 3))),
        }

    def add(self, number: int, child: dict, **values) -> dict:
        list_spec = self.spec.list(number)
        row = {
            name: child.get(name)
            for name in ("child_id", "gender", "ethnicity", "date_of_birth", "age", "disability")
            if list_spec.has_column(name)
        }
        if list_spec.has_column("allocated_team"):
            row.setdefault("allocated_team", self.rng.choice(TEAMS))
            row.setdefault("allocated_worker", self.worker())
        row.update(values)
        self.rows[number].append(row)
        return row

    def earliest_event(self, child: dict) -> date:
        born = child["date_of_birth"]
        if child["age"] == -1:
            return max(self.six_months_ago, born - timedelta(weeks=39))
        return max(self.six_months_ago, born)

    # ---- journeys -----------------------------------------------------------------------------

    def front_door(self) -> None:
        """Contacts, and for some a referral, an assessment, a section 47 and a plan."""
        unborn = self.rng.random() < 0.02
        child = self.new_child(unborn=unborn)
        start = self.earliest_event(child)
        contacts = sorted(
            self.between(start, self.as_at) for _ in range(self.rng.choice((1, 1, 1, 2, 3)))
        )
        for when in dict.fromkeys(contacts):
            self.add(
                1,
                child,
                contact_date=when,
                contact_source=self.rng.choice(
                    self.spec.code_sets["contact_referral_source"].codes[:21]
                ),
            )
        if self.rng.random() < 0.12:
            self.early_help(child, start)
        if self.rng.random() > 0.45:
            return
        referred = self.between(contacts[0], self.as_at)
        nfa = unborn or self.rng.random() < 0.25
        self.add(
            3,
            child,
            referral_date=referred,
            referral_source=self.rng.choice(
                self.spec.code_sets["contact_referral_source"].codes[:21]
            ),
            referral_nfa=YES if nfa else NO,
            referrals_last_12_months=self.rng.choice((0, 0, 0, 1, 1, 2)),
        )
        if nfa:
            return
        started = self.between(referred, min(self.as_at, referred + timedelta(days=3)))
        authorised = started + timedelta(days=self.rng.randint(5, 70))
        is_open = authorised > self.as_at
        needs_support = not is_open and self.rng.random() < 0.6
        self.add(
            4,
            child,
            assessment_start_date=started,
            child_seen=_weighted(self.rng, ((YES, 92), (NO, 6), ("c) Unknown", 2))),
            assessment_authorised_date=None if is_open else authorised,
            requires_support=None if is_open else (YES if needs_support else NO),
        )
        on_plan = False
        if self.rng.random() < 0.3:
            on_plan = self.section_47(child, started)
        if on_plan:
            return  # the plan adds the List 6 row
        if is_open:
            status, closed = "d) Open assessment", None
        elif needs_support:
            status, closed = "c) Child in need plan", None
        else:
            status, closed = "e) Closed episode", authorised
        # Drawn before deciding, so that the rest of the generated file stays the same.
        primary_need = self.rng.choice(self.spec.code_sets["primary_need_code_list6"].codes[:8])
        last_seen = self.between(started, self.as_at)
        if closed:
            return  # closed after assessment, no further action (RC8): not needed on List 6
        self.add(
            6,
            child,
            cin_start_date=referred,
            primary_need=primary_need,
            last_seen_date=last_seen,
            cin_closure_date=None,
            reason_for_closure=None,
            case_status=status,
        )

    def early_help(self, child: dict, start: date) -> None:
        began = self.between(start, self.as_at)
        finished = began + timedelta(days=self.rng.randint(20, 120))
        self.add(
            2,
            child,
            assessment_start_date=began,
            assessment_completion_date=finished if finished <= self.as_at else None,
            organisation=self.rng.choice(
                ("Family Hub North", "Family Hub South", "School nursing")
            ),
        )

    def section_47(self, child: dict, started: date) -> bool:
        strategy = self.between(started, min(self.as_at, started + timedelta(days=5)))
        count = self.rng.choice((0, 0, 1))
        if self.rng.random() < 0.4:
            self.add(
                5,
                child,
                strategy_discussion_date=strategy,
                icpc_unnecessary=YES,
                s47s_last_12_months=count,
                icpcs_last_12_months=0,
            )
            return False
        conference = self.weekday_on_or_after(strategy + timedelta(days=self.rng.randint(5, 20)))
        if conference > self.as_at:
            self.add(
                5,
                child,
                strategy_discussion_date=strategy,
                s47s_last_12_months=count,
                icpcs_last_12_months=0,
            )
            return False
        plan = self.rng.random() < 0.8
        self.add(
            5,
            child,
            strategy_discussion_date=strategy,
            icpc_unnecessary=NO,
            icpc_date=conference,
            icpc_resulted_in_plan=YES if plan else NO,
            s47s_last_12_months=count,
            icpcs_last_12_months=0,
        )
        if plan:
            self.protection_plan(child, conference)
        return plan

    def protection_plan(self, child: dict, began: date, *, ended: date | None = None) -> None:
        category = self.rng.choice(self.spec.code_sets["category_of_abuse"].codes)
        visit = self.between(began, self.as_at)
        review = began + timedelta(days=self.rng.randint(60, 90))
        self.add(
            7,
            child,
            cpp_start_date=began,
            initial_category_of_abuse=category,
            latest_category_of_abuse=category,
            last_statutory_visit_date=visit,
            seen_alone=_weighted(self.rng, ((YES, 70), (NO, 25), ("c) Unknown", 5))),
            latest_review_conference_date=review if review <= (ended or self.as_at) else None,
            cpp_end_date=ended,
            epo_or_police_protection=NO if self.rng.random() < 0.95 else YES,
            previous_cp_plans=self.rng.choice((0, 0, 0, 1, 2)),
        )
        if ended is None:
            self.need_episode(child, began, "b) Child Protection plan")
        else:
            self.need_episode(child, began, "c) Child in need plan")

    def need_episode(self, child: dict, began: date, status: str) -> None:
        self.add(
            6,
            child,
            cin_start_date=began,
            primary_need=self.rng.choice(self.spec.code_sets["primary_need_code_list6"].codes[:8]),
            last_seen_date=self.between(max(began, self.as_at - timedelta(days=60)), self.as_at),
            case_status=status,
        )

    def child_in_need(self) -> None:
        child = self.new_child()
        self.need_episode(
            child,
            self.between(child["date_of_birth"], self.as_at - timedelta(days=200)),
            "c) Child in need plan",
        )

    def child_on_plan(self) -> None:
        child = self.new_child()
        began = self.between(
            max(child["date_of_birth"], self.as_at - timedelta(days=700)),
            self.as_at - timedelta(days=10),
        )
        ended = None
        if self.rng.random() < 0.25 and began < self.six_months_ago:
            ended = self.between(self.six_months_ago, self.as_at)
        self.protection_plan(child, began, ended=ended)

    def child_in_care(self, *, adoption: bool = False) -> None:
        child = self.new_child(min_age=1 if adoption else 0, max_age=6 if adoption else 17)
        born = child["date_of_birth"]
        latest_start = min(
            self.as_at - timedelta(days=30), years_after(born, 18) - timedelta(days=1)
        )
        started = self.between(born, latest_start)
        age_now = child["age"]
        placement_type = _weighted(
            self.rng, next(mix for limit, mix in PLACEMENTS_BY_AGE if age_now < limit)
        )
        placement_start = self.between(max(started, self.as_at - timedelta(days=900)), self.as_at)
        if placement_type.startswith("n) H5"):
            placement_start = max(placement_start, years_after(born, 16))  # SSDA903 rule 371
        if placement_type.startswith("u) S1"):
            placement_start = max(placement_start, years_after(born, 4))
        placement_start = min(placement_start, self.as_at)
        out_of_area = self.rng.random() < 0.3
        provider = (
            "e) PR4: Private provision"
            if out_of_area
            else "a) PR0: Parents/Parental responsibility"
            if placement_type.startswith("k) P1")
            else _weighted(
                self.rng, (("b) PR1: Own provision", 60), ("e) PR4: Private provision", 40))
            )
        )
        missing = self.rng.choice((0, 0, 0, 0, 1, 2))
        offered = (YES if self.rng.random() < 0.85 else NO) if missing else None
        ceased = None
        if not adoption and self.rng.random() < 0.1 and started < self.six_months_ago:
            ceased = self.between(max(self.six_months_ago, placement_start), self.as_at)
        legal = (
            "E1: Placement order"
            if adoption
            else _weighted(
                self.rng, (("C2: FCO", 60), ("C1: ICO", 20), ("V2: Single period under S20", 20))
            )
        )
        self.add(
            8,
            child,
            uasc=YES if self.rng.random() < 0.05 else NO,
            date_started_looked_after=started,
            category_of_need=self.rng.choice(self.spec.code_sets["category_of_need_list8"].codes),
            second_period_last_12_months=NO,
            legal_status_start_date=self.between(started, placement_start),
            legal_status=legal,
            latest_review_date=self.between(started, self.as_at),
            last_social_work_visit_date=self.between(
                max(started, self.as_at - timedelta(days=42)), self.as_at
            ),
            permanence_plan="b) Adoption"
            if adoption
            else self.rng.choice(self.spec.code_sets["permanence_plan"].codes + (None,)),
            last_iro_visit_date=self.between(started, self.as_at),
            last_health_assessment_date=self.between(
                max(started, self.as_at - timedelta(days=400)), self.as_at
            ),
            last_dental_check_date=self.between(
                max(started, self.as_at - timedelta(days=500)), self.as_at
            ),
            placements_last_12_months=self.rng.choice((1, 1, 1, 2, 3)),
            date_ceased_looked_after=ceased,
            reason_ceased=RETURNED_HOME if ceased else None,
            placement_start_date=placement_start,
            placement_type=placement_type,
            placement_provider=provider,
            placement_postcode=self.postcode(),
            placement_urn=("SC" + "".join(self.rng.choices(string.digits, k=6)))
            if placement_type.startswith("p) K2")
            else None,
            placement_location="b) Out" if out_of_area else "a) In",
            placement_la=self.rng.choice(OTHER_COUNCILS) if out_of_area else self.council,
            missing_episodes=missing,
            absent_episodes=self.rng.choice((0, 0, 0, 1)),
            return_interview_offered=offered,
            return_interview_accepted=(YES if self.rng.random() < 0.6 else NO)
            if offered == YES
            else None,
        )
        if ceased:
            self.add(
                6,
                child,
                cin_start_date=started,
                primary_need="N1 - Abuse or neglect",
                last_seen_date=self.between(started, ceased),
                cin_closure_date=ceased,
                reason_for_closure=SERVICES_CEASED,
                case_status="e) Closed episode",
            )
        else:
            self.need_episode(child, started, "a) Looked after child")
        if adoption:
            decided = self.between(
                max(started, self.year_ago, born + timedelta(days=1)), self.as_at
            )
            matched = decided + timedelta(days=self.rng.randint(30, 200))
            placed = matched + timedelta(days=self.rng.randint(5, 40))
            self.add(
                10,
                child,
                family_identifier=None,
                date_entered_care=started,
                adoption_decision_date=decided,
                placement_order_date=self.between(decided, self.as_at),
                matching_date=matched if matched <= self.as_at else None,
                placed_for_adoption_date=placed if placed <= self.as_at else None,
            )

    def care_leaver(self) -> None:
        child = self.new_child(min_age=17, max_age=21)
        in_touch = _weighted(
            self.rng, ((YES, 85), (NO, 8), ("e) NREQ", 4), ("c) Died", 0), ("d) Refu", 3))
        )
        age = child["age"]
        details = {}
        if in_touch == YES:
            details = {
                "accommodation": self.rng.choice(
                    self.spec.code_sets["type_of_accommodation"].codes
                ),
                "suitability": _weighted(self.rng, (("a) Suitable", 90), ("b) Unsuitable", 10))),
                "activity_status": self.rng.choice(
                    self.spec.code_sets["activity_status"].codes[:9]
                ),
            }
        self.add(
            9,
            child,
            uasc=YES if self.rng.random() < 0.08 else NO,
            allocated_personal_advisor=self.worker(),
            eligibility_category="a) Relevant child" if age < 18 else "b) Former relevant child",
            pathway_plan_review_date=self.between(self.as_at - timedelta(days=180), self.as_at),
            in_touch=in_touch,
            latest_contact_date=self.between(self.as_at - timedelta(days=60), self.as_at),
            **details,
        )

    def adopter(self) -> None:
        adopter_id = f"ADP{self.next_id}"
        self.next_id += 1
        enquiry = self.between(self.year_ago, self.as_at - timedelta(days=20))
        stage_1 = enquiry + timedelta(days=self.rng.randint(5, 30))
        stage_1_end = stage_1 + timedelta(days=self.rng.randint(30, 60))
        stage_2 = stage_1_end + timedelta(days=self.rng.randint(0, 14))
        stage_2_end = stage_2 + timedelta(days=self.rng.randint(60, 120))
        dates = [stage_1, stage_1_end, stage_2, stage_2_end]
        dates = [d if d <= self.as_at else None for d in dates]
        for position in range(1, 4):  # a stage not reached means none after it either
            if dates[position - 1] is None:
                dates[position] = None
        self.rows[11].append(
            {
                "adopter_id": adopter_id,
                "family_identifier": f"FAM{self.next_id}",
                "gender": _weighted(self.rng, (("a) Male", 45), ("b) Female", 55))),
                "ethnicity": self.rng.choice(self.spec.code_sets["ethnicity"].codes[:4]),
                "disability": NO,
                "fostering_for_adoption": self.rng.choice(("Yes", "No", "No")),
                "enquiry_date": enquiry,
                "date_stage_1_started": dates[0],
                "date_stage_1_ended": dates[1],
                "date_stage_2_started": dates[2],
                "date_stage_2_ended": dates[3],
            }
        )

    def postcode(self) -> str:
        letters = "".join(self.rng.choices("ABDEHLMNPRSW", k=2))
        return (
            f"{letters}{self.rng.randint(1, 29)} {self.rng.randint(0, 9)}"
            f"{''.join(self.rng.choices('ABDEFGHJLNPQRSTUWXYZ', k=2))}"
        )

    JOURNEYS = (
        ("front_door", 62),
        ("child_in_need", 12),
        ("child_on_plan", 6),
        ("child_in_care", 9),
        ("adoption", 1),
        ("care_leaver", 6),
        ("adopter", 2),
    )

    def generate(self, rows: int) -> dict[int, list[dict]]:
        names, weights = zip(*self.JOURNEYS, strict=True)
        while self.total() < rows:
            journey = self.rng.choices(names, weights)[0]
            if journey == "adoption":
                self.child_in_care(adoption=True)
            else:
                getattr(self, journey)()
        return self.rows


def generate_rows(
    *,
    rows: int,
    as_at: date,
    seed: int = 1,
    spec_version: str = "2023",
    council: str = "Demo Council",
) -> tuple[AnnexASpec, dict[int, list[dict]]]:
    spec = load_spec(spec_version)
    generator = Generator(spec=spec, as_at=as_at, rng=random.Random(seed), council=council)
    return spec, generator.generate(rows)


@dataclass
class GeneratedWorkbook:
    path: Path
    rows: int
    faults: list[str]


def write_generated_workbook(
    path: Path,
    *,
    rows: int,
    as_at: date,
    seed: int = 1,
    messy: bool = False,
    spec_version: str = "2023",
    council: str = "Demo Council",
) -> GeneratedWorkbook:
    spec, generated = generate_rows(
        rows=rows, as_at=as_at, seed=seed, spec_version=spec_version, council=council
    )
    if not messy:
        written = write_annex_a_workbook(spec, lambda number: generated[number], path)
        return GeneratedWorkbook(path=path, rows=written, faults=[])
    return _write_messy(spec, generated, path, random.Random(seed + 1), as_at)


# ---- Messy extracts ---------------------------------------------------------------------------

TOPIC_SHEET_NAMES = {
    1: "Contacts",
    2: "Early Help",
    3: "Referrals",
    4: "Assessments",
    5: "Sec47 and ICPC",
    6: "Children in Need",
    7: "Child Protection",
    8: "Children in Care",
    9: "Care Leavers",
    10: "Adoption",
    11: "Adopters",
}


def _messy_header(column, rng: random.Random) -> str:
    if column.variants and rng.random() < 0.7:
        return rng.choice(column.variants)
    header = column.header.strip()
    return rng.choice((header, header.upper(), f" {header}  ", header.lower()))


def _write_messy(
    spec: AnnexASpec, generated: dict[int, list[dict]], path: Path, rng: random.Random, as_at: date
) -> GeneratedWorkbook:
    faults: list[str] = []
    # A child on a protection plan who is missing from List 6 (rule AA33Q).
    protected = {row["child_id"] for row in generated[7] if row.get("cpp_end_date") is None}
    need_rows = generated[6]
    for position, row in enumerate(need_rows):
        if row["child_id"] in protected:
            faults.append(f"Child {row['child_id']} removed from List 6 (AA33Q)")
            del need_rows[position]
            break
    if generated[1]:
        generated[1].append(dict(generated[1][-1]))
        faults.append("A duplicate contact on List 1 (AA02Q)")
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    rows_written = 0
    future_done = blank_done = False
    for list_spec in spec.lists:
        sheet = workbook.add_worksheet(TOPIC_SHEET_NAMES[list_spec.number])
        offset = 0
        if rng.random() < 0.4:  # some sheets keep Ofsted's title row; most start with headers
            sheet.write_string(0, 0, list_spec.title)
            offset = 1
        columns = list(list_spec.columns)
        for index, column in enumerate(columns):
            sheet.write_string(offset, index, _messy_header(column, rng))
        extra = len(columns)
        if list_spec.number == 3:
            sheet.write_string(offset, extra, "Notes")
            faults.append("An extra column 'Notes' on the referrals sheet (COLUMN-UNEXPECTED)")
        for row_position, data in enumerate(generated[list_spec.number]):
            r = offset + 1 + row_position
            for index, column in enumerate(columns):
                value = data.get(column.name)
                if (
                    column.required
                    and not blank_done
                    and list_spec.number == 4
                    and column.name == "assessment_start_date"
                ):
                    blank_done = True
                    faults.append(
                        f"A blank assessment start date on the assessments sheet, row {r + 1} "
                        "(CELL-REQUIRED)"
                    )
                    continue
                if value is None:
                    continue
                if column.name in ("child_id", "adopter_id") and value.isdigit():
                    sheet.write_number(r, index, float(value))  # Excel turned the ID into a number
                elif column.type == DATE:
                    if not future_done and list_spec.number == 1 and column.name == "contact_date":
                        future_done = True
                        value = as_at + timedelta(days=3)
                        faults.append(f"A contact dated after the as-at date, row {r + 1} (AA08)")
                    if rng.random() < 0.3:
                        sheet.write_string(r, index, value.strftime("%d/%m/%Y"))
                    else:
                        sheet.write_datetime(
                            r, index, datetime(value.year, value.month, value.day), date_format
                        )
                elif isinstance(value, int):
                    sheet.write_number(r, index, value)
                elif column.name == "gender" and value in COUNCIL_SPELLINGS and rng.random() < 0.02:
                    sheet.write_string(r, index, COUNCIL_SPELLINGS[value])
                else:
                    sheet.write_string(r, index, value)
            if list_spec.number == 3:
                sheet.write_string(r, extra, rng.choice(("", "see notes", "chased")))
            rows_written += 1
    faults.append("Council spellings '1 - Male' and '2 - Female' in some Gender cells (CELL-CODE)")
    workbook.close()
    return GeneratedWorkbook(path=path, rows=rows_written, faults=faults)


def store_version(
    tables: dict[int, list[dict]],
    *,
    as_at: date,
    created_by,
    spec_version: str = "2023",
):
    """A version holding ``tables`` (list number -> clean rows, as ``generate_rows`` makes
    them), stored as an import stores its rows but without writing, reading or checking a
    workbook: seconds saved for tests and benchmarks that need a version, not an import."""
    from django.db import transaction
    from django.utils import timezone

    from inspection_readiness.councils import current_council

    from .importing import ImportOutcome
    from .models import AnnexAImport
    from .services import create_version, write_rows
    from .validation import ROW, ParsedList

    spec = load_spec(spec_version)
    parsed = {
        number: ParsedList(
            list_spec=spec.list(number),
            match=None,
            rows=[{**row, ROW: position + 3} for position, row in enumerate(rows)],
        )
        for number, rows in sorted(tables.items())
    }
    outcome = ImportOutcome(spec=spec, as_at=as_at, parsed=parsed, findings=[])
    with transaction.atomic():
        annex_a_import = AnnexAImport.objects.create(
            council=current_council(),
            source="annex_a/generated/version.xlsx",
            source_name="generated.xlsx",
            source_sha256="generated",
            source_size=0,
            as_at=as_at,
            spec_version=spec_version,
            uploaded_by=created_by,
            uploaded_at=timezone.now(),
            status=AnnexAImport.Status.IMPORTED,
            row_count=outcome.row_count,
        )
        version = create_version(annex_a_import, outcome)
        write_rows(version, outcome)
    return version
