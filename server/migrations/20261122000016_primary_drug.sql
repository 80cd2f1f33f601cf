-- The client's primary drug, kept with the code like sex and birth year: the
-- drug monitoring centre counts clients by it, in its own categories.
ALTER TABLE client_basics ADD COLUMN primary_drug TEXT
    CHECK (primary_drug IN ('pervitin', 'heroin', 'buprenorphine', 'other_opioids', 'cannabis',
                            'other'));
